import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import pg from 'pg';
import { Reconciler, SWEEP_LOCK } from '../../src/calls/reconciler.service.js';
import { Clock } from '../../src/common/clock.js';
import { RetellSimulator } from '../../tools/retell-simulator.js';
import { createCandidate, deliver, getCandidate } from '../support/http.js';
import { endedCall } from '../support/retell-fixtures.js';
import { AUTH, RETELL_KEY, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

const FROM = '+14155550100';
const AGENT = 'agent_screening_v3';
const MINUTE = 60_000;
/** The sweep compares the clock with row timestamps the database wrote: move on from real time. */
const minutesFromNow = (minutes: number): Date => new Date(Date.now() + minutes * MINUTE);
/** 15:00 in New York: inside the default calling window. */
const AFTERNOON_NY = new Date('2026-11-18T20:00:00.000Z');

interface CallBody {
  call_id: string | null;
  call_status: string;
  attempt: number | null;
  candidate_id: number;
  dial_error: string | null;
}

describe('calls', () => {
  let sim: RetellSimulator;
  let t: TestApp;
  let now: Date;
  const http = () => request(t.app.getHttpServer());
  const creates = (): number => sim.requests.filter((r) => r.path === '/v2/create-phone-call').length;
  const dial = (id: number, body: object = {}) => http().post(`/api/candidates/${id}/calls`).set(AUTH).send(body);

  beforeAll(async () => {
    sim = new RetellSimulator({ apiKey: RETELL_KEY });
    const baseUrl = await sim.start();
    t = await startTestApp({
      RETELL_BASE_URL: baseUrl,
      RETELL_FROM_NUMBER: FROM,
      RETELL_AGENT_ID: AGENT,
      DEFAULT_PHONE_REGION: 'US',
      RECONCILE_INTERVAL: '0',
      RETELL_TIMEOUT_MS: '400',
    });
    await t.app.listen(0, '127.0.0.1');
    sim.webhookUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/webhooks/retell`;
  });
  afterAll(async () => {
    await t.close();
    await sim.stop();
  });
  beforeEach(() => {
    now = AFTERNOON_NY;
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterEach(async () => {
    await sim.idle();
    jest.restoreAllMocks();
  });

  describe('POST /api/candidates/:id/calls', () => {
    it('should place the call through retell-sdk with candidate_id, attempt, variables and time zone', async () => {
      const candidate = await createCandidate(t.app, {
        first_name: 'Maya',
        last_name: 'Chen',
        phone: '(415) 555-0123',
        timezone: 'America/Los_Angeles',
        position: 'Data Engineer',
        company: 'Acme',
      });

      const res = await dial(candidate.id, {
        job_id: '45',
        recruiter: 'Emma Johnson',
        dynamic_variables: { interview_slots: 'Tue 3 PM' },
      });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        call_id: expect.stringMatching(/^call_/),
        call_status: 'registered',
        attempt: 1,
        candidate_id: candidate.id,
        job_id: '45',
        recruiter: 'Emma Johnson',
        agent_id: AGENT,
      });
      const sent = sim.requests.filter((r) => r.path === '/v2/create-phone-call').at(-1)!.body;
      expect(sent).toEqual({
        from_number: FROM,
        to_number: '+14155550123',
        override_agent_id: AGENT,
        metadata: { candidate_id: String(candidate.id), job_id: '45', recruiter: 'Emma Johnson', attempt: 1 },
        retell_llm_dynamic_variables: {
          candidate_first_name: 'Maya',
          candidate_name: 'Maya Chen',
          position: 'Data Engineer',
          company: 'Acme',
          recruiter_name: 'Emma Johnson',
          interview_slots: 'Tue 3 PM',
        },
        agent_override: { agent: { timezone: 'America/Los_Angeles' } },
      });
      expect(await getCandidate(t.app, candidate.id)).toMatchObject({
        retell_call_id: res.body.call_id,
        retell_call_status: 'registered',
      });
    });

    it('should follow the call to the candidate record as Retell plays it, with a duplicate and call_analyzed before call_ended', async () => {
      const candidate = await createCandidate(t.app);
      const before = Date.now();
      const placed = await dial(candidate.id);

      await sim.play(placed.body.call_id);

      expect(sim.deliveries.filter((d) => d.call_id === placed.body.call_id).map((d) => [d.event, d.status])).toEqual([
        ['call_started', 200],
        ['call_analyzed', 200],
        ['call_analyzed', 200],
        ['call_ended', 200],
      ]);
      expect(await getCandidate(t.app, candidate.id)).toMatchObject({
        status: 'interviewing',
        retell_call_status: 'ended',
        retell_interview_scheduled: true,
        // Learned by the agent ("Eastern Time"): the profile had no zone.
        timezone: 'America/New_York',
      });
      const history = await http().get(`/api/candidates/${candidate.id}/calls`).set(AUTH);
      expect(history.body).toEqual([
        expect.objectContaining({
          call_id: placed.body.call_id,
          call_status: 'ended',
          attempt: 1,
          call_summary: expect.stringContaining('interview booked'),
          // What the console shows of each call, from the stored call object.
          call_outcome: 'Interview Scheduled',
          interest_level: 'High',
          recording_url: `https://retell-simulator.invalid/recordings/${placed.body.call_id}.wav`,
          transcript_object: [
            expect.objectContaining({ role: 'agent', content: expect.stringMatching(/^Hi /) }),
            expect.objectContaining({ role: 'user', content: 'That works.' }),
          ],
        }),
      ]);
      const one = await http().get(`/api/calls/${placed.body.call_id}`).set(AUTH);
      expect(one.body).toMatchObject({ call_status: 'ended', disconnection_reason: 'agent_hangup', attempt: 1 });
      // The simulator never dates a call before it was placed, nor its end before its start.
      expect(one.body.start_timestamp).toBeGreaterThanOrEqual(before);
      expect(one.body.end_timestamp).toBeGreaterThanOrEqual(one.body.start_timestamp);
      expect(one.body.duration_ms).toBe(one.body.end_timestamp - one.body.start_timestamp);
    });

    it.each([
      ['+14155550901', { status: 'rejected', retell_call_outcome: 'Not Interested' }],
      ['+14155550902', { status: 'new', retell_call_outcome: 'Voicemail Left', retell_in_voicemail: true }],
      [
        '+14155550903',
        { status: 'new', retell_disconnection_reason: 'dial_busy', retell_call_status: 'not_connected' },
      ],
      ['+14155550904', { status: 'new', retell_disconnection_reason: 'dial_no_answer' }],
      ['+14155550905', { status: 'rejected', do_not_call: true, retell_call_outcome: 'Not Interested' }],
      ['+14155550906', { status: 'interviewing', retell_call_outcome: 'Interview Scheduled' }],
    ])('should play the outcome the number called chooses (%s), as docs/testing.md lists', async (phone, expected) => {
      const candidate = await createCandidate(t.app, { phone });
      const placed = await dial(candidate.id);
      await sim.play(placed.body.call_id);
      expect(await getCandidate(t.app, candidate.id)).toMatchObject(expected);
    });

    it('should apply webhooks of its own calls without metadata, through the call record', async () => {
      const candidate = await createCandidate(t.app);
      const placed = await dial(candidate.id);
      const res = await deliver(t.app, 'call_ended', endedCall({ callId: placed.body.call_id, metadata: null }));
      expect(res.body).toMatchObject({ outcome: 'applied', candidate_id: candidate.id });
      expect((await getCandidate(t.app, candidate.id)).status).toBe('contacted');
    });

    describe('refusals: 409 with a reason, and Retell is never called', () => {
      it.each([
        ['do_not_call', { do_not_call: true }, null],
        ['candidate_closed', {}, 'hired'],
        ['candidate_closed', {}, 'rejected'],
        ['candidate_closed', {}, 'withdrawn'],
      ])('should refuse with %s', async (reason, fields, status) => {
        const candidate = await createCandidate(t.app, fields);
        if (status) await http().patch(`/api/candidates/${candidate.id}`).set(AUTH).send({ status });
        const before = creates();

        const res = await dial(candidate.id);

        expect(res.status).toBe(409);
        expect(res.body).toEqual({
          statusCode: 409,
          error: 'Conflict',
          code: 'call_not_allowed',
          message: `The call is not allowed: ${reason}`,
          details: { reason },
        });
        expect(creates()).toBe(before);
      });

      it('should refuse with call_in_progress while a call is registered', async () => {
        const candidate = await createCandidate(t.app);
        await dial(candidate.id);
        const before = creates();

        const res = await dial(candidate.id);

        expect(res.status).toBe(409);
        expect(res.body.details).toEqual({ reason: 'call_in_progress' });
        expect(creates()).toBe(before);
      });

      it('should refuse with attempts_exhausted after MAX_CALL_ATTEMPTS calls that reached Retell', async () => {
        const candidate = await createCandidate(t.app);
        for (let i = 0; i < 3; i++) {
          const placed = await dial(candidate.id);
          expect(placed.status).toBe(201);
          await sim.play(placed.body.call_id, 'dial_no_answer');
        }
        expect((await getCandidate(t.app, candidate.id)).status).toBe('new');
        const before = creates();

        const res = await dial(candidate.id);

        expect(res.status).toBe(409);
        expect(res.body.details).toEqual({ reason: 'attempts_exhausted' });
        expect(creates()).toBe(before);
      });

      it('should refuse outside calling hours in the candidate’s zone and give the next allowed instant', async () => {
        const candidate = await createCandidate(t.app, { timezone: 'America/Chicago' });
        now = new Date('2026-11-19T04:30:00.000Z'); // 22:30 in Chicago
        const before = creates();

        const res = await dial(candidate.id);

        expect(res.status).toBe(409);
        expect(res.body.details).toEqual({
          reason: 'outside_calling_hours',
          next_allowed_at: '2026-11-19T14:00:00.000Z',
          timezone: 'America/Chicago',
        });
        expect(creates()).toBe(before);
      });

      it('should use local wall-clock hours across the DST change (DEFAULT_TIMEZONE when the candidate has none)', async () => {
        const candidate = await createCandidate(t.app);
        now = new Date('2026-03-08T11:30:00.000Z'); // 07:30 EDT on the day clocks went forward
        const early = await dial(candidate.id);
        expect(early.status).toBe(409);
        expect(early.body.details).toMatchObject({
          next_allowed_at: '2026-03-08T12:00:00.000Z',
          timezone: 'America/New_York',
        });

        now = new Date('2026-03-08T12:30:00.000Z'); // 08:30 EDT (07:30 had the offset stayed EST)
        expect((await dial(candidate.id)).status).toBe(201);
      });

      it('should place one call and refuse the other when two requests arrive together', async () => {
        const candidate = await createCandidate(t.app);
        const before = creates();

        const [a, b] = await Promise.all([dial(candidate.id), dial(candidate.id)]);

        expect([a.status, b.status].sort()).toEqual([201, 409]);
        expect((a.status === 409 ? a : b).body.details).toEqual({ reason: 'call_in_progress' });
        expect(creates()).toBe(before + 1);
      });

      it('should answer 404 for an unknown candidate without calling Retell', async () => {
        const before = creates();
        expect((await dial(999_999)).status).toBe(404);
        expect(creates()).toBe(before);
      });
    });

    describe('Retell errors', () => {
      it('should answer 502 with Retell’s status and message, mark the attempt failed, and let the next try through', async () => {
        const candidate = await createCandidate(t.app);
        sim.failNext('create', 500, 'Telephony provider error');

        const res = await dial(candidate.id);

        expect(res.status).toBe(502);
        expect(res.body).toEqual({
          statusCode: 502,
          error: 'Bad Gateway',
          code: 'retell_rejected',
          message: 'Retell refused the request (500)',
          details: { retell_status: 500, retell_message: 'Telephony provider error' },
        });
        expect(JSON.stringify(res.body)).not.toContain(RETELL_KEY);
        const [failed] = (await http().get(`/api/candidates/${candidate.id}/calls`).set(AUTH)).body as CallBody[];
        expect(failed).toMatchObject({
          call_status: 'failed',
          call_id: null,
          dial_error: 'Retell 500: Telephony provider error',
        });

        const retry = await dial(candidate.id);
        expect(retry.status).toBe(201);
        expect(retry.body.attempt).toBe(2);
      });

      it('should answer a Retell 429 with 503 and Retry-After, and not count the attempt', async () => {
        const candidate = await createCandidate(t.app);
        sim.failNext('create', 429, 'Too many requests', { 'retry-after': '7' });

        const res = await dial(candidate.id);

        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('7');
        expect(res.body.message).toBe('Retell is rate-limiting calls; retry later');
        const history = (await http().get(`/api/candidates/${candidate.id}/calls`).set(AUTH)).body as CallBody[];
        expect(history.map((c) => c.call_status)).toEqual(['failed']);
      });

      it('should treat a 503 from in front of Retell as unknown: the attempt stays dialing until the sweep decides', async () => {
        const candidate = await createCandidate(t.app);
        sim.failNext('create', 503, 'upstream unavailable');

        const res = await dial(candidate.id);

        expect(res.status).toBe(502);
        expect(res.body.message).toBe('Retell answered 503; whether the request took effect is unknown');
        expect((await dial(candidate.id)).body.details).toEqual({ reason: 'call_in_progress' });
        now = minutesFromNow(16);
        await t.app.get(Reconciler).sweep();
        const [row] = (await http().get(`/api/candidates/${candidate.id}/calls`).set(AUTH)).body as CallBody[];
        expect(row).toMatchObject({ call_status: 'failed', dial_error: 'Retell has no record of this call' });
      });

      it('should never retry a create that timed out, and block redials until the sweep finds the call', async () => {
        const candidate = await createCandidate(t.app);
        sim.hangNextCreate(1_000);
        const before = creates();

        const res = await dial(candidate.id);

        expect(res.status).toBe(502);
        expect(creates()).toBe(before + 1);
        expect((await dial(candidate.id)).body.details).toEqual({ reason: 'call_in_progress' });

        now = minutesFromNow(16);
        const report = await t.app.get(Reconciler).sweep();
        expect(report).toMatchObject({ errors: 0 });
        expect(report.updated).toBeGreaterThanOrEqual(1);
        const [adopted] = (await http().get(`/api/candidates/${candidate.id}/calls`).set(AUTH)).body as CallBody[];
        expect(adopted).toMatchObject({
          call_id: expect.stringMatching(/^call_/),
          call_status: 'registered',
          attempt: 1,
        });
      });
    });
  });

  describe('keeping the record true when webhooks are lost', () => {
    it('should sync a call from Retell through the same rules, as a sync event', async () => {
      const candidate = await createCandidate(t.app);
      const placed = await dial(candidate.id);
      sim.advance(placed.body.call_id);

      const res = await http().post(`/api/calls/${placed.body.call_id}/sync`).set(AUTH);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        outcome: 'applied',
        call: { call_status: 'ended', call_summary: expect.any(String) },
      });
      expect((await getCandidate(t.app, candidate.id)).status).toBe('interviewing');
      const events = await http().get('/api/webhooks/retell/events').query({ call_id: placed.body.call_id }).set(AUTH);
      // Newest first: the sync, then the create-phone-call response, recorded like any data from Retell's API.
      expect(events.body.items.map((e: { event: string; outcome: string }) => [e.event, e.outcome])).toEqual([
        ['sync', 'applied'],
        ['sync', 'applied'],
      ]);
    });

    it('should answer 404 to a sync of a call Retell does not know, and 400 to a malformed call id', async () => {
      expect((await http().post('/api/calls/call_doesnotexist/sync').set(AUTH)).status).toBe(404);
      expect((await http().post('/api/calls/bad%20id/sync').set(AUTH)).status).toBe(400);
    });

    it('should sweep calls stuck past RECONCILE_AFTER, and leave fresh ones alone', async () => {
      const candidate = await createCandidate(t.app);
      const placed = await dial(candidate.id);
      sim.advance(placed.body.call_id);
      const reconciler = t.app.get(Reconciler);

      now = minutesFromNow(5);
      expect((await reconciler.sweep()).checked).toBe(0);

      now = minutesFromNow(16);
      const report = await reconciler.sweep();

      expect(report).toMatchObject({ updated: expect.any(Number), errors: 0 });
      expect(await getCandidate(t.app, candidate.id)).toMatchObject({
        status: 'interviewing',
        retell_call_status: 'ended',
      });
    });

    it('should mark a dial Retell has no record of as failed, so it no longer blocks the candidate', async () => {
      const candidate = await createCandidate(t.app);
      await t.dataSource.query(
        `INSERT INTO retell_calls (candidate_id, call_status, attempt, created_at, updated_at) VALUES ($1, 'dialing', 1, $2, $2)`,
        [candidate.id, AFTERNOON_NY],
      );
      now = new Date(AFTERNOON_NY.getTime() + 20 * MINUTE);

      await t.app.get(Reconciler).sweep();

      const [row] = (await http().get(`/api/candidates/${candidate.id}/calls`).set(AUTH)).body as CallBody[];
      expect(row).toMatchObject({ call_status: 'failed', dial_error: 'Retell has no record of this call' });
      expect((await dial(candidate.id)).status).toBe(201);
    });

    it('should stop fetching a call Retell no longer knows', async () => {
      const candidate = await createCandidate(t.app);
      await t.dataSource.query(
        `INSERT INTO retell_calls (call_id, candidate_id, call_status, created_at, updated_at) VALUES ($1, $2, 'registered', $3, $3)`,
        [`call_ghost_${candidate.id}`, candidate.id, AFTERNOON_NY],
      );
      now = minutesFromNow(20);

      await t.app.get(Reconciler).sweep();

      const [row] = (await http().get(`/api/candidates/${candidate.id}/calls`).set(AUTH)).body as CallBody[];
      expect(row).toMatchObject({ call_status: 'error', dial_error: 'Retell has no record of this call' });
    });

    it('should stop the sweep on a Retell 429 and back off', async () => {
      const candidate = await createCandidate(t.app);
      const placed = await dial(candidate.id);
      sim.failNext('get', 429, 'slow down', { 'retry-after': '120' });
      sim.failNext('get', 429, 'slow down', { 'retry-after': '120' });
      sim.failNext('get', 429, 'slow down', { 'retry-after': '120' });
      const reconciler = t.app.get(Reconciler);
      now = minutesFromNow(30);

      const first = await reconciler.sweep();
      const second = await reconciler.sweep();

      expect(first.rate_limited).toBe(true);
      expect(second.skipped).toBe('backing_off');
      expect((await getCandidate(t.app, candidate.id)).retell_call_id).toBe(placed.body.call_id);
      now = minutesFromNow(33);
      expect((await reconciler.sweep()).skipped).toBeUndefined();
    });

    it('should let only one sweep run at a time', async () => {
      const reconciler = t.app.get(Reconciler);
      now = minutesFromNow(60); // past any back-off of the test before
      if (!TEST_DATABASE_URL) {
        // PGlite has one process: two sweeps started together.
        const reports = await Promise.all([reconciler.sweep(), reconciler.sweep()]);
        expect(reports.map((r) => r.skipped ?? 'ran').sort()).toEqual(['locked', 'ran']);
        return;
      }
      // Postgres: another replica holds the advisory lock.
      const replica = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await replica.connect();
      try {
        await replica.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK]);
        expect((await reconciler.sweep()).skipped).toBe('locked');
        await replica.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
        expect((await reconciler.sweep()).skipped).toBeUndefined();
      } finally {
        await replica.end();
      }
    });
  });

  describe('events', () => {
    it('should list orphaned events and recover one by replay once its candidate exists', async () => {
      const [{ next }] = (await t.dataSource.query(`SELECT coalesce(max(id), 0) + 1 AS next FROM candidates`)) as {
        next: number;
      }[];
      const callId = `call_orphan_${Date.now()}`;
      const orphan = await deliver(t.app, 'call_ended', endedCall({ callId, candidateId: next }));
      expect(orphan.body.outcome).toBe('orphaned');
      const listed = await http().get('/api/webhooks/retell/events').query({ outcome: 'orphaned' }).set(AUTH);
      expect(listed.body.items.map((e: { id: number }) => e.id)).toContain(orphan.body.event_id);
      expect(listed.body.items[0]).not.toHaveProperty('payload');

      const candidate = await createCandidate(t.app);
      expect(candidate.id).toBe(Number(next));
      const replayed = await http().post(`/api/webhooks/retell/events/${orphan.body.event_id}/replay`).set(AUTH);

      expect(replayed.status).toBe(200);
      expect(replayed.body).toEqual({ event_id: orphan.body.event_id, outcome: 'applied', candidate_id: candidate.id });
      expect((await getCandidate(t.app, candidate.id)).retell_call_id).toBe(callId);
    });

    it('should refuse to replay a duplicate (409) or an unknown event (404)', async () => {
      const candidate = await createCandidate(t.app);
      const call = endedCall({ callId: `call_dup_${Date.now()}`, candidateId: candidate.id });
      await deliver(t.app, 'call_ended', call);
      await deliver(t.app, 'call_ended', call);
      const [duplicate] = (await t.dataSource.query(
        `SELECT id FROM retell_webhook_events WHERE call_id = $1 AND outcome = 'duplicate'`,
        [call.call_id],
      )) as { id: string }[];

      expect((await http().post(`/api/webhooks/retell/events/${duplicate.id}/replay`).set(AUTH)).status).toBe(409);
      expect((await http().post('/api/webhooks/retell/events/99999999/replay').set(AUTH)).status).toBe(404);
    });

    it('should require an API key for the event log', async () => {
      expect((await http().get('/api/webhooks/retell/events')).status).toBe(401);
    });
  });
});
