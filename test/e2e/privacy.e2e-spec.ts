import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { Reconciler } from '../../src/calls/reconciler.service.js';
import { ErasedCallsRepository } from '../../src/database/repositories/erased-calls.repository.js';
import {
  CALL_IDS_NAMING_SQL,
  CLEAR_OLD_PAYLOADS_SQL,
  ERASE_EVENTS_SQL,
} from '../../src/database/repositories/retell-webhook-events.repository.js';
import { CallApplier } from '../../src/ingestion/call-applier.service.js';
import { PayloadRetention } from '../../src/ingestion/payload-retention.service.js';
import { createCandidate, deliver, getCandidate, postRaw } from '../support/http.js';
import { analyzedCall, endedCall, newCallId, signedWebhook, startedCall } from '../support/retell-fixtures.js';
import { AUTH, RETELL_KEY, startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;

/** Unique strings put into every personal field an erased candidate can leave behind. */
const SENTINELS = {
  first_name: 'Zqxfirstsentinel',
  last_name: 'Zqxlastsentinel',
  email: 'zqx.mail.sentinel@erase-me.example',
  phone: '+442079460958',
  position: 'Zqx Position Sentinel',
  company: 'ZqxCompanySentinel',
  transcript: 'ZQX-TRANSCRIPT-SENTINEL',
  summary: 'ZQX-SUMMARY-SENTINEL',
  custom_analysis: 'ZQX-CUSTOM-ANALYSIS-SENTINEL',
  metadata: 'ZQX-METADATA-SENTINEL',
  recruiter: 'ZQX-RECRUITER-SENTINEL',
  dynamic_variable: 'ZQX-DYNVAR-SENTINEL',
  manual_save: 'ZQX-MANUAL-SAVE-SENTINEL',
  error_text: 'ZQX-ERROR-TEXT-SENTINEL',
};
type Sentinel = keyof typeof SENTINELS;

/** Every base table of the app's schema (PGlite: public; Postgres: the test's own schema). */
async function tablesOf(t: TestApp): Promise<string[]> {
  const rows = await t.dataSource.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

/** Where each sentinel occurs: every row of every table, all its columns, cast to text. */
async function scanForSentinels(t: TestApp): Promise<Partial<Record<Sentinel, string[]>>> {
  const found: Partial<Record<Sentinel, string[]>> = {};
  for (const table of await tablesOf(t)) {
    const rows = await t.dataSource.query<{ row: string }[]>(`SELECT t::text AS row FROM "${table}" t`);
    for (const { row } of rows) {
      const text = row.toLowerCase();
      for (const [name, value] of Object.entries(SENTINELS) as [Sentinel, string][]) {
        if (text.includes(value.toLowerCase())) (found[name] ??= []).push(table);
      }
    }
  }
  return found;
}

interface EventRow {
  id: number;
  event: string;
  call_id: string;
  outcome: string;
  body_hash: string;
  candidate_id: number | null;
  has_payload: boolean;
  error: string | null;
}

const eventsOf = (t: TestApp, callIds: string[]): Promise<EventRow[]> =>
  t.dataSource
    .query<EventRow[]>(
      `SELECT id, event, call_id, outcome, body_hash, candidate_id, payload IS NOT NULL AS has_payload, error
       FROM retell_webhook_events WHERE call_id = ANY($1::text[]) ORDER BY id`,
      [callIds],
    )
    .then((rows) => rows.map((row) => ({ ...row, id: Number(row.id) })));

/** The plan of `sql`, with sequential scans priced out: shows whether an index can serve it. */
async function planOf(t: TestApp, sql: string, params: unknown[]): Promise<string> {
  return t.dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL enable_seqscan = off');
    const rows = await manager.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`, params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe('Privacy: DELETE /api/candidates/:id (right to erasure)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const metadataOf = (candidateId: number) => ({
    candidate_id: String(candidateId),
    job_id: SENTINELS.metadata,
    recruiter: SENTINELS.recruiter,
  });
  /** A call of the sentinel candidate: its number, its name, its words, the analysis, all marked. */
  const personal = <T extends object>(call: T): T => ({
    ...call,
    to_number: SENTINELS.phone,
    retell_llm_dynamic_variables: { first_name: SENTINELS.first_name, note: SENTINELS.dynamic_variable },
    ...('transcript' in call
      ? {
          transcript: `Agent: Hi ${SENTINELS.first_name}.\nUser: ${SENTINELS.transcript}`,
          transcript_object: [{ role: 'user', content: SENTINELS.transcript, words: [] }],
        }
      : {}),
  });
  const analyzed = (callId: string, candidateId: number, summary = SENTINELS.summary) => {
    const call = analyzedCall({ callId, metadata: metadataOf(candidateId) });
    return personal({
      ...call,
      call_analysis: {
        ...call.call_analysis,
        call_summary: summary,
        custom_analysis_data: {
          ...(call.call_analysis!.custom_analysis_data as Record<string, unknown>),
          additional_notes: SENTINELS.custom_analysis,
          rejection_reason: SENTINELS.custom_analysis,
        },
      },
    });
  };

  it('should leave no personal value of the candidate in any column of any table, and store later events of its calls without payload', async () => {
    const control = await createCandidate(t.app);
    const candidate = await createCandidate(t.app, {
      first_name: SENTINELS.first_name,
      last_name: SENTINELS.last_name,
      email: SENTINELS.email,
      phone: SENTINELS.phone,
      position: SENTINELS.position,
      company: SENTINELS.company,
    });
    const id = candidate.id;
    const [callA, callB, callC, callD] = [newCallId(), newCallId(), newCallId(), newCallId()];

    // Call A by signed webhooks: call_started without metadata first (orphaned: no candidate yet,
    // no call record), then ended and analyzed (applied), a duplicate delivery, and an ignored type.
    expect(
      (await deliver(t.app, 'call_started', personal(startedCall({ callId: callA, metadata: null })))).body,
    ).toMatchObject({ outcome: 'orphaned', candidate_id: null });
    const endedA = personal(endedCall({ callId: callA, metadata: metadataOf(id) }));
    const endedBody = await signedWebhook('call_ended', endedA, RETELL_KEY);
    expect((await postRaw(t.app, endedBody.body, endedBody.signature)).body.outcome).toBe('applied');
    expect((await deliver(t.app, 'call_analyzed', analyzed(callA, id))).body.outcome).toBe('applied');
    expect((await deliver(t.app, 'call_analyzed', analyzed(callA, id))).body).toMatchObject({
      outcome: 'duplicate',
      candidate_id: id,
    });
    expect((await deliver(t.app, 'transcript_updated', endedA)).body.outcome).toBe('ignored');

    // Call B by the recruiter's manual save.
    const manual = await http()
      .post(`/api/candidates/${id}/save_retell_call_data`)
      .set(AUTH)
      .send({ ...analyzed(callB, id, SENTINELS.manual_save), metadata: { note: SENTINELS.manual_save } });
    expect(manual.status).toBe(200);

    // Call C fails to apply: a failed event (no candidate, no call record) whose error quotes data.
    const applier = t.app.get(CallApplier);
    const apply = applier.apply.bind(applier);
    const spy = jest.spyOn(applier, 'apply').mockImplementationOnce(async (manager, object, options) => {
      await apply(manager, object, options);
      throw new TypeError(`simulated defect near ${SENTINELS.error_text} ${SENTINELS.email}`);
    });
    expect((await deliver(t.app, 'call_analyzed', analyzed(callC, id))).body.outcome).toBe('failed');
    spy.mockRestore();

    // Call D: an ignored event for a call with no record, naming the candidate only in its metadata.
    expect(
      (await deliver(t.app, 'transcript_updated', personal(endedCall({ callId: callD, metadata: metadataOf(id) }))))
        .body.outcome,
    ).toBe('ignored');

    // The control candidate's own call, which must survive untouched.
    const controlCall = newCallId();
    await deliver(t.app, 'call_analyzed', analyzedCall({ callId: controlCall, candidateId: control.id }));

    const calls = [callA, callB, callC, callD];
    const before = await eventsOf(t, calls);
    expect(before).toHaveLength(8);
    expect(before.find((e) => e.outcome === 'failed')?.error).toContain(SENTINELS.error_text);
    // The scan can fail: before the erasure it finds every sentinel.
    const tables = await tablesOf(t);
    expect(tables).toEqual(
      expect.arrayContaining([
        'candidates',
        'retell_calls',
        'retell_webhook_events',
        'erased_calls',
        'erased_candidates',
      ]),
    );
    expect(Object.keys(await scanForSentinels(t)).sort()).toEqual(Object.keys(SENTINELS).sort());

    const res = await http().delete(`/api/candidates/${id}`).set(AUTH);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await scanForSentinels(t)).toEqual({});
    // The candidate and its calls are gone.
    expect((await http().get(`/api/candidates/${id}`).set(AUTH)).status).toBe(404);
    expect((await http().get(`/api/candidates/${id}/calls`).set(AUTH)).status).toBe(404);
    expect((await http().get(`/api/calls/${callA}`).set(AUTH)).status).toBe(404);
    // The event rows stay, with their outcome and hash, and nothing personal.
    const after = await eventsOf(t, calls);
    expect(after.map(({ id: eventId, event, outcome, body_hash }) => ({ eventId, event, outcome, body_hash }))).toEqual(
      before.map(({ id: eventId, event, outcome, body_hash }) => ({ eventId, event, outcome, body_hash })),
    );
    for (const row of after) expect(row).toMatchObject({ candidate_id: null, has_payload: false, error: null });
    const erased = await t.dataSource.query<{ call_id: string }[]>('SELECT call_id FROM erased_calls');
    expect(erased.map((row) => row.call_id).sort()).toEqual([...calls].sort());
    // The control candidate keeps everything.
    expect((await getCandidate(t.app, control.id)).retell_transcript).toEqual(expect.stringContaining('Emma'));
    expect(await eventsOf(t, [controlCall])).toEqual([
      expect.objectContaining({ outcome: 'applied', candidate_id: control.id, has_payload: true }),
    ]);

    // Later: a new event of call A (a late re-analysis), full of personal data.
    const late = await deliver(t.app, 'call_analyzed', analyzed(callA, id, `${SENTINELS.summary} again`));
    expect(late.status).toBe(200);
    expect(late.body).toEqual({ event_id: expect.any(Number), outcome: 'orphaned', candidate_id: null });
    const [stored] = await t.dataSource.query<{ outcome: string; has_payload: boolean; error: string | null }[]>(
      'SELECT outcome, payload IS NOT NULL AS has_payload, error FROM retell_webhook_events WHERE id = $1',
      [late.body.event_id],
    );
    expect(stored).toEqual({ outcome: 'orphaned', has_payload: false, error: null });
    // Retell's retry of a delivery it already made is still recognised.
    const retry = await postRaw(
      t.app,
      endedBody.body,
      (await signedWebhook('call_ended', endedA, RETELL_KEY)).signature,
    );
    expect(retry.body).toEqual({ event_id: null, outcome: 'duplicate', candidate_id: null });
    // An ignored type of an erased call is kept without payload as well.
    expect((await deliver(t.app, 'transcript_updated', endedA)).body.outcome).toBe('duplicate');
    expect((await deliver(t.app, 'transcript_updated', analyzed(callA, id))).body.outcome).toBe('orphaned');
    expect(await scanForSentinels(t)).toEqual({});
  });

  it('should keep an erased call erased even when a later event of it names a live candidate', async () => {
    const erasedOne = await createCandidate(t.app);
    const other = await createCandidate(t.app);
    const callId = newCallId();
    await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: erasedOne.id }));
    expect((await http().delete(`/api/candidates/${erasedOne.id}`).set(AUTH)).status).toBe(204);

    const res = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: other.id }));

    expect(res.body).toMatchObject({ outcome: 'orphaned', candidate_id: null });
    expect((await eventsOf(t, [callId])).map((e) => [e.outcome, e.has_payload])).toEqual([
      ['applied', false],
      ['orphaned', false],
    ]);
    expect((await getCandidate(t.app, other.id)).retell_call_id).toBeNull();
  });

  it('should refuse a manual save of an erased call onto another candidate with 409 call_erased, storing nothing', async () => {
    const erasedOne = await createCandidate(t.app);
    const other = await createCandidate(t.app);
    const callId = newCallId();
    await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: erasedOne.id }));
    expect((await http().delete(`/api/candidates/${erasedOne.id}`).set(AUTH)).status).toBe(204);
    const before = await eventsOf(t, [callId]);

    const res = await http()
      .post(`/api/candidates/${other.id}/save_retell_call_data`)
      .set(AUTH)
      .send(analyzedCall({ callId, candidateId: erasedOne.id }));

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'call_erased', details: { call_id: callId } });
    expect(await eventsOf(t, [callId])).toEqual(before);
    expect((await getCandidate(t.app, other.id)).retell_call_id).toBeNull();
  });

  it('should store without payload the events of a call it never recorded that name the erased candidate (a call still being placed)', async () => {
    const candidate = await createCandidate(t.app);
    expect((await http().delete(`/api/candidates/${candidate.id}`).set(AUTH)).status).toBe(204);
    const callId = newCallId();

    const first = await deliver(t.app, 'call_started', startedCall({ callId, candidateId: candidate.id }));
    // Its later events carry no metadata at all, and are caught by the call's tombstone.
    const next = await deliver(t.app, 'call_ended', endedCall({ callId, metadata: null }));

    // A type that is never applied (its live transcript) is caught the same way.
    const otherCall = newCallId();
    const live = await deliver(
      t.app,
      'transcript_updated',
      endedCall({ callId: otherCall, candidateId: candidate.id }),
    );

    expect(first.body).toMatchObject({ outcome: 'orphaned', candidate_id: null });
    expect(next.body).toMatchObject({ outcome: 'orphaned', candidate_id: null });
    expect(live.body).toMatchObject({ outcome: 'orphaned', candidate_id: null });
    expect((await eventsOf(t, [callId, otherCall])).map((e) => [e.outcome, e.has_payload])).toEqual([
      ['orphaned', false],
      ['orphaned', false],
      ['orphaned', false],
    ]);
  });

  it('should keep a call that was moved to another candidate: it is not erased with its first owner', async () => {
    const first = await createCandidate(t.app);
    const owner = await createCandidate(t.app);
    const callId = newCallId();
    await deliver(t.app, 'call_started', startedCall({ callId, candidateId: first.id }));
    const moved = await http()
      .post(`/api/candidates/${owner.id}/save_retell_call_data?reassign=true`)
      .set(AUTH)
      .send(analyzedCall({ callId, candidateId: owner.id }));
    expect(moved.status).toBe(200);

    expect((await http().delete(`/api/candidates/${first.id}`).set(AUTH)).status).toBe(204);

    expect((await http().get(`/api/calls/${callId}`).set(AUTH)).body).toMatchObject({ candidate_id: owner.id });
    expect(await t.dataSource.query('SELECT 1 FROM erased_calls WHERE call_id = $1', [callId])).toEqual([]);
    // Retell's metadata of the call still names the erased candidate: the call's owner wins.
    const live = await deliver(t.app, 'transcript_updated', endedCall({ callId, candidateId: first.id }));
    const later = await deliver(t.app, 'call_ended', endedCall({ callId, candidateId: first.id }));
    expect(live.body).toMatchObject({ outcome: 'ignored' });
    expect(later.body).toMatchObject({ outcome: 'applied', candidate_id: owner.id });
    expect((await getCandidate(t.app, owner.id)).retell_call_status).toBe('ended');
    expect(await t.dataSource.query('SELECT 1 FROM erased_calls WHERE call_id = $1', [callId])).toEqual([]);
    // The event applied to the erased candidate is scrubbed; the owner's events keep their payload.
    expect((await eventsOf(t, [callId])).map((e) => [e.event, e.candidate_id, e.has_payload])).toEqual([
      ['call_started', null, false],
      ['manual', owner.id, true],
      ['transcript_updated', null, true],
      ['call_ended', owner.id, true],
    ]);
  });

  it('should replay a failed manual save of a new call onto a live candidate even when its metadata names an erased one', async () => {
    const erasedOne = await createCandidate(t.app);
    const other = await createCandidate(t.app);
    expect((await http().delete(`/api/candidates/${erasedOne.id}`).set(AUTH)).status).toBe(204);
    const callId = newCallId();

    // The save fails to apply (no call record yet), and is replayed once fixed.
    jest.spyOn(t.app.get(CallApplier), 'apply').mockRejectedValueOnce(new TypeError('simulated defect'));
    const saved = await http()
      .post(`/api/candidates/${other.id}/save_retell_call_data`)
      .set(AUTH)
      .send(analyzedCall({ callId, candidateId: erasedOne.id }));
    const [event] = await eventsOf(t, [callId]);
    const replayed = await http().post(`/api/webhooks/retell/events/${event.id}/replay`).set(AUTH);

    expect(saved.status).toBe(500);
    expect(event).toMatchObject({ event: 'manual', outcome: 'failed', has_payload: true });
    expect(replayed.body).toEqual({ event_id: event.id, outcome: 'applied', candidate_id: other.id });
    expect((await eventsOf(t, [callId]))[0]).toMatchObject({ outcome: 'applied', has_payload: true });
    expect((await getCandidate(t.app, other.id)).retell_call_id).toBe(callId);
  });

  it('should answer 409 event_payload_cleared to a replay of a scrubbed event', async () => {
    const candidate = await createCandidate(t.app);
    const callId = newCallId();
    const { body } = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: candidate.id }));
    await http().delete(`/api/candidates/${candidate.id}`).set(AUTH);

    const res = await http().post(`/api/webhooks/retell/events/${body.event_id}/replay`).set(AUTH);

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('event_payload_cleared');
  });

  it('should answer 404 for an unknown candidate, 400 for a malformed id, 401 without a key', async () => {
    expect((await http().delete('/api/candidates/2147483000').set(AUTH)).status).toBe(404);
    expect((await http().delete('/api/candidates/abc').set(AUTH)).status).toBe(400);
    const candidate = await createCandidate(t.app);
    expect((await http().delete(`/api/candidates/${candidate.id}`)).status).toBe(401);
    expect((await http().delete(`/api/candidates/${candidate.id}`).set(AUTH)).status).toBe(204);
    expect((await http().delete(`/api/candidates/${candidate.id}`).set(AUTH)).status).toBe(404);
  });

  it('should find the events to scrub through indexes, the unattributed ones by the candidate their metadata names', async () => {
    const find = await planOf(t, CALL_IDS_NAMING_SQL, [1]);
    const scrub = await planOf(t, ERASE_EVENTS_SQL, [1, ['call_x']]);

    expect(find).toContain('IDX_retell_webhook_events_candidate');
    expect(find).toContain('IDX_retell_webhook_events_metadata_candidate');
    expect(scrub).toContain('IDX_retell_webhook_events_candidate');
    expect(scrub).toContain('UQ_retell_webhook_events_delivery');
    for (const plan of [find, scrub]) expect(plan).not.toMatch(/Seq Scan on retell_webhook_events/);
  });
});

describe('Privacy: payload retention (EVENT_PAYLOAD_RETENTION_DAYS)', () => {
  let t: TestApp;
  let now: Date;
  const http = () => request(t.app.getHttpServer());
  const receivedAt = async (eventId: number): Promise<number> => {
    const [row] = await t.dataSource.query<{ received_at: Date }[]>(
      'SELECT received_at FROM retell_webhook_events WHERE id = $1',
      [eventId],
    );
    return new Date(row.received_at).getTime();
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    t = await startTestApp({ EVENT_PAYLOAD_RETENTION_DAYS: '90' });
    now = new Date();
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should clear the payload and error of an old event in the sweep, keep a recent one, and still answer a repeat of it duplicate', async () => {
    const candidate = await createCandidate(t.app);
    const [oldCall, failedCall, recentCall] = [newCallId(), newCallId(), newCallId()];
    const oldEvent = await signedWebhook(
      'call_analyzed',
      analyzedCall({ callId: oldCall, candidateId: candidate.id }),
      RETELL_KEY,
    );
    const old = await postRaw(t.app, oldEvent.body, oldEvent.signature);
    const applier = t.app.get(CallApplier);
    jest.spyOn(applier, 'apply').mockRejectedValueOnce(new TypeError('simulated defect'));
    const failed = await deliver(
      t.app,
      'call_analyzed',
      analyzedCall({ callId: failedCall, candidateId: candidate.id }),
    );
    expect(failed.body.outcome).toBe('failed');
    await sleep(60);
    // Ended calls only: the sweep then has no active call to fetch from Retell.
    const recent = await deliver(t.app, 'call_ended', endedCall({ callId: recentCall, candidateId: candidate.id }));
    // 90 days after the old events, but not yet after the recent one.
    const oldest = Math.max(await receivedAt(old.body.event_id), await receivedAt(failed.body.event_id));
    const newest = await receivedAt(recent.body.event_id);
    expect(newest - oldest).toBeGreaterThanOrEqual(20);
    now = new Date(oldest + 90 * DAY + (newest - oldest) / 2);

    const report = await t.app.get(Reconciler).sweep();

    expect(report).toMatchObject({ payloads_cleared: 2, checked: 0 });
    const rows = await eventsOf(t, [oldCall, failedCall, recentCall]);
    expect(rows.map(({ call_id, outcome, has_payload, error }) => ({ call_id, outcome, has_payload, error }))).toEqual([
      { call_id: oldCall, outcome: 'applied', has_payload: false, error: null },
      { call_id: failedCall, outcome: 'failed', has_payload: false, error: null },
      { call_id: recentCall, outcome: 'applied', has_payload: true, error: null },
    ]);
    // The row and its hash stay: Retell's late retry of the cleared event is still a duplicate.
    const retry = await postRaw(t.app, oldEvent.body, oldEvent.signature);
    expect(retry.body).toEqual({ event_id: null, outcome: 'duplicate', candidate_id: candidate.id });
    // What was applied stays on the candidate; a cleared event cannot be replayed.
    expect((await http().get(`/api/calls/${oldCall}`).set(AUTH)).body.call_summary).toEqual(expect.any(String));
    const replay = await http().post(`/api/webhooks/retell/events/${failed.body.event_id}/replay`).set(AUTH);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('event_payload_cleared');
  });

  it('should clear at most the given number of events per run, oldest first', async () => {
    const candidate = await createCandidate(t.app);
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await deliver(t.app, 'call_started', startedCall({ callId: newCallId(), candidateId: candidate.id }));
      ids.push(res.body.event_id);
    }
    const retention = t.app.get(PayloadRetention);
    now = new Date(Date.now() + 91 * DAY);
    const holding = async () =>
      (
        await t.dataSource.query<{ id: string }[]>(
          'SELECT id FROM retell_webhook_events WHERE payload IS NOT NULL ORDER BY id',
        )
      ).map((row) => Number(row.id));
    const before = await holding();
    const total = before.length;
    expect(before).toEqual(expect.arrayContaining(ids));
    expect(total).toBeGreaterThanOrEqual(4);

    const first = await retention.run(2);

    expect(first.payloads_cleared).toBe(2);
    expect(await holding()).toEqual(before.slice(2));
    let cleared = 2;
    for (let run = 0; run < total && cleared < total; run += 1) cleared += (await retention.run(2)).payloads_cleared;
    expect(cleared).toBe(total);
    expect(await holding()).toEqual([]);
  });

  it('should clear events of a recently erased call still holding a payload (stored alongside the erasure)', async () => {
    const candidate = await createCandidate(t.app);
    const callId = newCallId();
    await deliver(t.app, 'call_started', startedCall({ callId, candidateId: candidate.id }));
    now = new Date();
    // As if the erasure committed while this event's transaction was still open.
    await t.dataSource.transaction((manager) => t.app.get(ErasedCallsRepository).add(manager, [callId], now));

    const report = await t.app.get(PayloadRetention).run();

    expect(report.erased_payloads_cleared).toBe(1);
    expect((await eventsOf(t, [callId])).map((e) => e.has_payload)).toEqual([false]);
  });

  it('should find the oldest events holding a payload through the partial index', async () => {
    const plan = await planOf(t, CLEAR_OLD_PAYLOADS_SQL, [new Date(), 1000]);

    expect(plan).toContain('IDX_retell_webhook_events_retained');
  });
});

describe('Privacy: EVENT_PAYLOAD_RETENTION_DAYS=0 keeps payloads for ever', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ EVENT_PAYLOAD_RETENTION_DAYS: '0' });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should clear nothing, however old', async () => {
    const candidate = await createCandidate(t.app);
    const callId = newCallId();
    await deliver(t.app, 'call_ended', endedCall({ callId, candidateId: candidate.id }));
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(Date.now() + 10_000 * DAY));

    const report = await t.app.get(Reconciler).sweep();

    expect(report.payloads_cleared).toBe(0);
    expect((await eventsOf(t, [callId])).map((e) => e.has_payload)).toEqual([true]);
  });
});
