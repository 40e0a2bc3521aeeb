import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import Retell from 'retell-sdk';
import request from 'supertest';
import { CallApplier } from '../../src/ingestion/call-applier.service.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { createCandidate, deliver, getCandidate, postRaw } from '../support/http.js';
import { analyzedCall, endedCall, newCallId, startedCall } from '../support/retell-fixtures.js';
import { AUTH, RETELL_KEY, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;

describe('POST /api/webhooks/retell', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const events = (
    callId: string,
  ): Promise<{ event: string; outcome: string; error: string | null; has_payload: boolean }[]> =>
    t.dataSource.query(
      'SELECT event, outcome, error, payload IS NOT NULL AS has_payload FROM retell_webhook_events WHERE call_id = $1 ORDER BY id',
      [callId],
    );

  describe('applying call data', () => {
    it('should write the transcript, analysis and interview slot of a signed call_analyzed onto the candidate', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();

      const res = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: candidate.id }));

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ event_id: expect.any(Number), outcome: 'applied', candidate_id: candidate.id });
      const after = await getCandidate(t.app, candidate.id);
      expect(after).toMatchObject({
        status: 'interviewing',
        retell_call_id: callId,
        retell_call_status: 'ended',
        retell_transcript: expect.stringContaining('Emma from TechCorp'),
        retell_call_summary: expect.stringContaining('interview booked'),
        retell_user_sentiment: 'Positive',
        retell_interview_scheduled: true,
        retell_scheduled_datetime_iso: '2025-12-03T15:00:00-05:00',
        retell_interview_at: '2025-12-03T20:00:00.000Z',
        retell_technical_skills: ['Python', 'Django', 'AWS'],
        retell_years_of_experience: 5,
        retell_call_duration_ms: 312000,
        retell_start_timestamp: 1_763_700_000_000,
      });
      expect(after.retell_call_analysis).toMatchObject({ custom_analysis_data: { outcome: 'Interview Scheduled' } });
      expect(await events(callId)).toEqual([
        { event: 'call_analyzed', outcome: 'applied', error: null, has_payload: true },
      ]);
    });

    it('should accept metadata.candidate_id as a number', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = { ...analyzedCall({ callId }), metadata: { candidate_id: candidate.id } };

      const res = await deliver(t.app, 'call_analyzed', call);

      expect(res.body.outcome).toBe('applied');
      expect((await getCandidate(t.app, candidate.id)).retell_call_id).toBe(callId);
    });

    it('should find the candidate through the call record when a later event has no metadata', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      await deliver(t.app, 'call_started', startedCall({ callId, candidateId: candidate.id }));

      const res = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, metadata: null }));

      expect(res.body).toMatchObject({ outcome: 'applied', candidate_id: candidate.id });
      expect((await getCandidate(t.app, candidate.id)).status).toBe('interviewing');
    });

    it('should store an event for an unknown candidate as orphaned and answer 200', async () => {
      const callId = newCallId();

      const res = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: 987654 }));

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'orphaned', candidate_id: null });
      expect(await events(callId)).toEqual([
        { event: 'call_analyzed', outcome: 'orphaned', error: null, has_payload: true },
      ]);
    });

    it('should store an event with neither metadata nor a call record as orphaned', async () => {
      const callId = newCallId();
      const res = await deliver(t.app, 'call_ended', endedCall({ callId, metadata: null }));
      expect(res.body.outcome).toBe('orphaned');
    });

    it.each(['transcript_updated', 'transfer_started', 'transfer_bridged', 'chat_ended', 'some_future_event'])(
      'should acknowledge %s and store it as ignored without touching the candidate',
      async (event) => {
        const candidate = await createCandidate(t.app);
        const callId = newCallId();

        const res = await deliver(t.app, event, analyzedCall({ callId, candidateId: candidate.id }));

        expect(res.status).toBe(200);
        expect(res.body.outcome).toBe('ignored');
        expect((await getCandidate(t.app, candidate.id)).retell_call_id).toBeNull();
        expect((await events(callId)).map((e) => e.outcome)).toEqual(['ignored']);
      },
    );

    it('should store and apply a signed event holding what Postgres refuses (U+0000, lone surrogates, 1e1000000)', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = { ...analyzedCall({ callId, candidateId: candidate.id }), transcript: 'Agent: hello\u0000 \ud800' };
      const body = JSON.stringify({ event: 'call_analyzed', call }).replace(
        '"agent_version":3',
        '"agent_version":1e1000000',
      );

      const res = await postRaw(t.app, body, await Retell.sign(body, RETELL_KEY));

      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('applied');
      expect((await getCandidate(t.app, candidate.id)).retell_transcript).toBe('Agent: hello\ufffd \ufffd');
      const [stored] = await t.dataSource.query<{ version: unknown }[]>(
        `SELECT payload->'call'->'agent_version' AS version FROM retell_webhook_events WHERE call_id = $1`,
        [callId],
      );
      expect(stored.version).toBeNull();
    });

    it('should null a custom analysis field of the wrong type and still apply the rest', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = analyzedCall({
        callId,
        candidateId: candidate.id,
        custom: {
          interview_scheduled: true,
          years_of_experience: 'quite a few',
          salary_expectation: { amount: 1 },
          outcome: 'Interview Scheduled',
        },
      });

      const res = await deliver(t.app, 'call_analyzed', call);

      expect(res.status).toBe(200);
      const after = await getCandidate(t.app, candidate.id);
      expect(after).toMatchObject({
        status: 'interviewing',
        retell_years_of_experience: null,
        retell_salary_expectation: null,
      });
      expect(after.retell_call_analysis).toMatchObject({
        custom_analysis_data: { years_of_experience: 'quite a few' },
      });
    });

    it('should keep a processing failure as a failed event with its error, answer 200, and leave the candidate unchanged', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = analyzedCall({ callId, candidateId: candidate.id });
      // A bug while applying, after the call record was written: the savepoint undoes it.
      const callData = t.app.get(CallApplier);
      const apply = callData.apply.bind(callData);
      const spy = jest.spyOn(callData, 'apply').mockImplementationOnce(async (manager, object, options) => {
        await apply(manager, object, options);
        throw new TypeError('simulated defect');
      });

      const res = await deliver(t.app, 'call_analyzed', call);
      spy.mockRestore();

      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('failed');
      const [stored] = await events(callId);
      expect(stored).toMatchObject({ outcome: 'failed', has_payload: true });
      expect(stored.error).toBe('TypeError: simulated defect');
      const after = await getCandidate(t.app, candidate.id);
      expect(after).toMatchObject({ status: 'new', retell_call_id: null });
      const [{ count }] = await t.dataSource.query(
        'SELECT count(*)::int AS count FROM retell_calls WHERE call_id = $1',
        [callId],
      );
      expect(count).toBe(0);
    });

    describe('replay of a failed event', () => {
      /** A failed event of a new call for a new candidate: the first apply throws a defect. */
      async function failedEvent(): Promise<{ eventId: number; candidateId: number; callId: string }> {
        const candidate = await createCandidate(t.app);
        const callId = newCallId();
        const failOnce = jest
          .spyOn(t.app.get(CallApplier), 'apply')
          .mockRejectedValueOnce(new TypeError('simulated defect'));
        try {
          const first = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: candidate.id }));
          expect(first.body.outcome).toBe('failed');
          return { eventId: first.body.event_id, candidateId: candidate.id, callId };
        } finally {
          failOnce.mockRestore();
        }
      }
      // `.then` sends the request at once (supertest sends when a request is first awaited).
      const replay = (id: number) =>
        request(t.app.getHttpServer())
          .post(`/api/webhooks/retell/events/${id}/replay`)
          .set(AUTH)
          .then((res) => res);

      it('should keep a replay that fails again as failed, with its new error', async () => {
        const { eventId, callId } = await failedEvent();
        const failAgain = jest
          .spyOn(t.app.get(CallApplier), 'apply')
          .mockRejectedValueOnce(new RangeError('another defect'));
        try {
          expect((await replay(eventId)).body).toEqual({ event_id: eventId, outcome: 'failed', candidate_id: null });
        } finally {
          failAgain.mockRestore();
        }
        expect(await events(callId)).toEqual([
          expect.objectContaining({ outcome: 'failed', error: 'RangeError: another defect' }),
        ]);
      });

      it('should keep the outcome of a replay that applied the event while a concurrent replay of it failed', async () => {
        const { eventId, candidateId, callId } = await failedEvent();
        // Replay A fails while it holds the event; replay B waits for it, then applies the event.
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered!: () => void;
        const inApply = new Promise<void>((resolve) => (entered = resolve));
        const failing = jest.spyOn(t.app.get(CallApplier), 'apply').mockImplementationOnce(async () => {
          entered();
          await gate;
          throw new TypeError('simulated defect');
        });
        const replays = jest.spyOn(t.app.get(IngestionService), 'replay');
        try {
          const a = replay(eventId);
          await inApply;
          const b = replay(eventId);
          // B is waiting: its transaction queued behind A's (PGlite), or its lock on the event (Postgres).
          for (let waiting = false; !waiting; await new Promise((resolve) => setTimeout(resolve, 20))) {
            waiting = replays.mock.calls.length === 2 && (!TEST_DATABASE_URL || (await lockWaitsOnEvents()) > 0);
          }
          release();
          const applied = { event_id: eventId, outcome: 'applied', candidate_id: candidateId };
          const [answerA, answerB] = await Promise.all([a, b]);
          expect(answerB.body).toEqual(applied);
          expect(answerA.body).toEqual(applied);
        } finally {
          release();
          failing.mockRestore();
          replays.mockRestore();
        }
        expect(await events(callId)).toEqual([expect.objectContaining({ outcome: 'applied', error: null })]);
        expect(await getCandidate(t.app, candidateId)).toMatchObject({
          status: 'interviewing',
          retell_call_id: callId,
        });
      });

      /** Backends of this database waiting for a lock while locking an event row (the replay's read). */
      async function lockWaitsOnEvents(): Promise<number> {
        const [{ n }] = await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'
             AND query LIKE '%FROM retell_webhook_events WHERE id = $1 FOR UPDATE%'`,
        );
        return n;
      }
    });
  });

  describe('signature (401, nothing stored)', () => {
    const body = (callId: string): string =>
      JSON.stringify({ event: 'call_analyzed', call: analyzedCall({ callId, candidateId: 1 }) });

    it.each([
      ['missing', async (b: string) => (void b, undefined)],
      ['malformed', async () => 'not-a-signature'],
      ['forged', async () => `v=${Date.now()},d=${'ab'.repeat(32)}`],
      ['signed with another key', async (b: string) => Retell.sign(b, 'key_someone_else_123')],
      [
        'stale (over 5 minutes)',
        async (b: string) => {
          const { createHmac } = await import('node:crypto');
          const at = Date.now() - 6 * 60_000;
          return `v=${at},d=${createHmac('sha256', RETELL_KEY)
            .update(b + at)
            .digest('hex')}`;
        },
      ],
    ])('should answer 401 to a %s signature', async (_label, sign) => {
      const callId = newCallId();
      const raw = body(callId);
      const res = await postRaw(t.app, raw, await sign(raw));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'invalid_signature',
        message: 'Invalid or missing x-retell-signature',
      });
      expect(await events(callId)).toEqual([]);
    });

    it('should answer 401 to a body altered after signing', async () => {
      const callId = newCallId();
      const raw = body(callId);
      const signature = await Retell.sign(raw, RETELL_KEY);
      const res = await postRaw(t.app, raw.replace('Positive', 'Negative'), signature);
      expect(res.status).toBe(401);
      expect(await events(callId)).toEqual([]);
    });

    it('should answer 401 to a body that was parsed and re-serialised', async () => {
      const callId = newCallId();
      const raw = body(callId);
      const signature = await Retell.sign(raw, RETELL_KEY);
      const res = await postRaw(t.app, JSON.stringify(JSON.parse(raw), null, 2), signature);
      expect(res.status).toBe(401);
      expect(await events(callId)).toEqual([]);
    });

    it('should verify the signature before parsing, so an unsigned malformed body is a 401', async () => {
      const res = await postRaw(t.app, '{"event": ', 'v=1,d=00');
      expect(res.status).toBe(401);
    });
  });

  describe('malformed signed bodies (400)', () => {
    it.each([
      ['{"event": "call_analyzed", ', 'body is not valid JSON'],
      ['[1, 2]', 'body must be a JSON object'],
      [JSON.stringify({ call: { call_id: 'call_x' } }), 'event must be a non-empty string'],
      [JSON.stringify({ event: 'call_ended' }), 'call must be an object'],
      [
        JSON.stringify({ event: 'call_ended', call: { call_status: 'ended' } }),
        'call.call_id must be a non-empty string',
      ],
      [JSON.stringify({ event: 'call_ended', call: { call_id: 42 } }), 'call.call_id must be a non-empty string'],
    ])('should answer 400 to %s', async (raw, message) => {
      const res = await postRaw(t.app, raw, await Retell.sign(raw, RETELL_KEY));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message });
    });
  });

  describe('idempotency', () => {
    it('should answer 20 simultaneous copies of one delivery with 2xx and apply it once', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = analyzedCall({ callId, candidateId: candidate.id });

      const responses = await Promise.all(Array.from({ length: 20 }, () => deliver(t.app, 'call_analyzed', call)));

      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
      const outcomes = (await events(callId)).map((e) => e.outcome).sort();
      expect(outcomes).toEqual(['applied', ...Array(19).fill('duplicate')]);
      const duplicates = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM retell_webhook_events d JOIN retell_webhook_events o ON d.duplicate_of = o.id
         WHERE d.call_id = $1 AND d.payload IS NULL AND o.outcome = 'applied'`,
        [callId],
      );
      expect(duplicates[0].n).toBe(19);
      expect((await getCandidate(t.app, candidate.id)).status).toBe('interviewing');
    });

    it('should apply a redelivery after a recruiter decision without undoing it', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = analyzedCall({ callId, candidateId: candidate.id });
      await deliver(t.app, 'call_analyzed', call);
      await t.dataSource.query(`UPDATE candidates SET status = 'rejected' WHERE id = $1`, [candidate.id]);

      // A later delivery of the same event with a different body (Retell re-sent it).
      await deliver(t.app, 'call_analyzed', { ...call, agent_version: 4 });

      expect((await getCandidate(t.app, candidate.id)).status).toBe('rejected');
    });

    it('should run concurrent deliveries for many candidates without interleaving transactions', async () => {
      const candidates = await Promise.all(Array.from({ length: 12 }, () => createCandidate(t.app)));
      const deliveries = candidates.flatMap((c) => {
        const callId = newCallId();
        return [
          deliver(t.app, 'call_started', startedCall({ callId, candidateId: c.id })),
          deliver(t.app, 'call_ended', endedCall({ callId, candidateId: c.id })),
          deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: c.id })),
        ];
      });

      const responses = await Promise.all(deliveries);

      expect(responses.map((r) => r.body.outcome)).toEqual(Array(36).fill('applied'));
      for (const c of candidates) {
        expect(await getCandidate(t.app, c.id)).toMatchObject({ status: 'interviewing', retell_call_status: 'ended' });
      }
    });
  });

  it('should lose no write of concurrent deliveries when one transaction rolls back beside them', async () => {
    // On PGlite every pooled connection is one session: without the transaction queue, this
    // ROLLBACK would also undo the work of the deliveries running beside it.
    const applier = t.app.get(CallApplier);
    const fault = Object.assign(new Error('connection lost'), { code: '08006' });
    const apply = applier.apply.bind(applier);
    const spy = jest.spyOn(applier, 'apply').mockImplementationOnce(async (manager, call, options) => {
      await apply(manager, call, options);
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw fault;
    });
    const candidates = await Promise.all(Array.from({ length: 10 }, () => createCandidate(t.app)));

    const calls = candidates.map((c) => analyzedCall({ callId: newCallId(), candidateId: c.id }));
    const responses = await Promise.all(calls.map((call) => deliver(t.app, 'call_analyzed', call)));
    spy.mockRestore();
    // The delivery answered 503 left nothing behind, so Retell's retry applies it.
    const refused = calls[responses.findIndex((r) => r.status === 503)];
    expect(await events(refused.call_id)).toEqual([]);

    expect(responses.map((r) => r.status).sort()).toEqual([...Array(9).fill(200), 503]);
    for (const [i, c] of candidates.entries()) {
      const expected = responses[i].status === 200 ? 'interviewing' : 'new';
      expect((await getCandidate(t.app, c.id)).status).toBe(expected);
    }
  });

  describe('order of arrival', () => {
    const permutations = [
      ['call_started', 'call_ended', 'call_analyzed'],
      ['call_analyzed', 'call_ended', 'call_started'],
      ['call_ended', 'call_analyzed', 'call_started'],
      ['call_analyzed', 'call_started', 'call_ended'],
    ];

    it.each(permutations)('should end with the in-order record when events arrive as %s, %s, %s', async (...order) => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const builders: Record<string, () => object> = {
        call_started: () => startedCall({ callId, candidateId: candidate.id }),
        call_ended: () => endedCall({ callId, candidateId: candidate.id }),
        call_analyzed: () => analyzedCall({ callId, candidateId: candidate.id }),
      };
      for (const event of order) await deliver(t.app, event, builders[event]());

      const after = await getCandidate(t.app, candidate.id);
      expect(after).toMatchObject({
        status: 'interviewing',
        retell_call_status: 'ended',
        retell_end_timestamp: 1_763_700_312_000,
        retell_interview_scheduled: true,
        retell_disconnection_reason: 'agent_hangup',
      });
      expect(after.retell_call_analysis).not.toBeNull();
      const [row] = await t.dataSource.query(
        'SELECT call_status, call_analysis IS NOT NULL AS analysed FROM retell_calls WHERE call_id = $1',
        [callId],
      );
      expect(row).toEqual({ call_status: 'ended', analysed: true });
    });

    it("should update an older call's record but keep the candidate's fields from the newer call", async () => {
      const candidate = await createCandidate(t.app);
      const newer = newCallId();
      const older = newCallId();
      await deliver(
        t.app,
        'call_analyzed',
        analyzedCall({ callId: newer, candidateId: candidate.id, startedAt: 1_763_700_000_000 + 2 * HOUR }),
      );

      await deliver(
        t.app,
        'call_analyzed',
        analyzedCall({
          callId: older,
          candidateId: candidate.id,
          custom: { interview_scheduled: false, outcome: 'Not Interested' },
        }),
      );

      expect(await getCandidate(t.app, candidate.id)).toMatchObject({
        retell_call_id: newer,
        status: 'interviewing',
        retell_call_outcome: 'Interview Scheduled',
      });
      const [row] = await t.dataSource.query('SELECT call_status, candidate_id FROM retell_calls WHERE call_id = $1', [
        older,
      ]);
      expect(row).toEqual({ call_status: 'ended', candidate_id: candidate.id });
    });
  });

  describe('status rules', () => {
    it('should move the candidate to rejected when the outcome is Not Interested', async () => {
      const candidate = await createCandidate(t.app);
      await deliver(
        t.app,
        'call_analyzed',
        analyzedCall({
          callId: newCallId(),
          candidateId: candidate.id,
          custom: { interview_scheduled: false, outcome: 'Not Interested', rejection_reason: 'Accepted another offer' },
        }),
      );
      expect(await getCandidate(t.app, candidate.id)).toMatchObject({
        status: 'rejected',
        retell_rejection_reason: 'Accepted another offer',
      });
    });

    it('should never reject on a failed dial, which has no call_started', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const failed = {
        ...endedCall({ callId, candidateId: candidate.id, disconnection_reason: 'dial_no_answer' }),
        call_status: 'not_connected',
        duration_ms: 0,
        transcript: '',
      };
      await deliver(t.app, 'call_ended', failed);
      await deliver(t.app, 'call_analyzed', {
        ...failed,
        call_analysis: {
          call_successful: false,
          in_voicemail: false,
          user_sentiment: 'Unknown',
          custom_analysis_data: { outcome: 'Not Interested' },
        },
      });

      expect(await getCandidate(t.app, candidate.id)).toMatchObject({
        status: 'new',
        retell_call_status: 'not_connected',
        retell_disconnection_reason: 'dial_no_answer',
      });
    });

    it('should never reject on a voicemail', async () => {
      const candidate = await createCandidate(t.app);
      await deliver(
        t.app,
        'call_analyzed',
        analyzedCall({
          callId: newCallId(),
          candidateId: candidate.id,
          in_voicemail: true,
          custom: { outcome: 'Not Interested' },
        }),
      );
      expect((await getCandidate(t.app, candidate.id)).status).toBe('new');
    });

    it('should mark a reached candidate without a decision as contacted', async () => {
      const candidate = await createCandidate(t.app);
      await deliver(t.app, 'call_ended', endedCall({ callId: newCallId(), candidateId: candidate.id }));
      expect((await getCandidate(t.app, candidate.id)).status).toBe('contacted');
    });

    it.each(['hired', 'withdrawn'])('should never move a %s candidate', async (status) => {
      const candidate = await createCandidate(t.app);
      await t.dataSource.query('UPDATE candidates SET status = $2 WHERE id = $1', [candidate.id, status]);
      await deliver(
        t.app,
        'call_analyzed',
        analyzedCall({ callId: newCallId(), candidateId: candidate.id, custom: { outcome: 'Not Interested' } }),
      );
      expect(await getCandidate(t.app, candidate.id)).toMatchObject({ status, retell_call_outcome: 'Not Interested' });
    });
  });

  describe('durability', () => {
    it('should answer 503 and store nothing when the event cannot be stored, so Retell retries', async () => {
      // The outage strikes inside the delivery's transaction, before the event row is written.
      const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      const spy = jest.spyOn(t.app.get(CallApplier), 'apply').mockRejectedValueOnce(outage);
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = analyzedCall({ callId, candidateId: candidate.id });

      const res = await deliver(t.app, 'call_analyzed', call);

      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'event_not_stored',
        message: 'The event could not be stored; retry later',
      });
      expect(await events(callId)).toEqual([]);
      spy.mockRestore();

      const retry = await deliver(t.app, 'call_analyzed', call);
      expect(retry.body.outcome).toBe('applied');
    });
  });

  describe('body size', () => {
    it('should accept a one-hour call with word timings (several MB)', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const words = Array.from({ length: 9000 }, (_, i) => ({
        word: 'experience',
        start: i * 0.4,
        end: i * 0.4 + 0.3,
      }));
      const utterances = Array.from({ length: 12 }, (_, i) => ({
        role: i % 2 ? 'user' : 'agent',
        content: 'I have worked with Python and Django for five years. '.repeat(200),
        words,
      }));
      const call = {
        ...analyzedCall({ callId, candidateId: candidate.id }),
        transcript_object: utterances,
        duration_ms: 3_600_000,
      };
      const { body } = { body: JSON.stringify({ event: 'call_analyzed', call }) };
      expect(body.length).toBeGreaterThan(4_000_000);

      const res = await postRaw(t.app, body, await Retell.sign(body, RETELL_KEY));

      expect(res.status).toBe(200);
      expect((await getCandidate(t.app, candidate.id)).retell_transcript_object).toHaveLength(12);
    });
  });
});

describe('POST /api/webhooks/retell with a small WEBHOOK_BODY_LIMIT', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_BODY_LIMIT: '10kb' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should answer 413 to a body over the limit and store nothing', async () => {
    const callId = newCallId();
    const call = { ...analyzedCall({ callId, candidateId: 1 }), transcript: 'x'.repeat(20_000) };
    const body = JSON.stringify({ event: 'call_analyzed', call });

    const res = await postRaw(t.app, body, await Retell.sign(body, RETELL_KEY));

    expect(res.status).toBe(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'The request body is too large' });
    const rows = await t.dataSource.query('SELECT 1 FROM retell_webhook_events WHERE call_id = $1', [callId]);
    expect(rows).toEqual([]);
  });
});
