import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CallVerdictRecency1796284800000 } from '../../migrations/1796284800000-CallVerdictRecency.js';
import { callRecency, callVerdict } from '../../src/rules/call-rules.js';
import { webhookEnvelope } from '../../src/ingestion/envelope.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { mapRetellCall } from '../../src/ingestion/retell-call.mapper.js';
import type { RetellCallObject } from '../../src/retell/retell-call-object.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';
import { analyzedCall, endedCall, newCallId, startedCall } from '../support/retell-fixtures.js';

/**
 * `retell_calls.verdict` and `recency_ms` are written by the applier with the mapper's rules
 * (call-rules `callVerdict`, `callRecency`), and computed in SQL by the migration's backfill for
 * calls stored before it. Both must agree on every stored call, LLM-typed custom analysis
 * included: the backfill is run again (down, then up) over calls the applier wrote.
 */
const interviewScheduled = fc.constantFrom<unknown>(
  true,
  false,
  'true',
  ' Yes ',
  'y',
  'Y\u00a0',
  'no',
  '',
  null,
  1,
  'maybe',
);
const outcome = fc.constantFrom<unknown>(
  'Interview Scheduled',
  'Not Interested',
  ' not interested\n',
  'NOT INTERESTED\u3000',
  'Voicemail Left',
  'voicemail left ',
  'Callback Requested',
  5,
  null,
  '',
  ['Not Interested'],
);
const stored = fc.record({
  stage: fc.constantFrom('registered', 'started', 'ended', 'analyzed', 'analyzed'),
  status: fc.constantFrom<string | undefined>(undefined, undefined, 'error', 'not_connected'),
  disconnection: fc.constantFrom('agent_hangup', 'user_hangup', 'voicemail_reached', 'dial_no_answer', 'ivr_reached'),
  inVoicemail: fc.constantFrom<unknown>(false, true, 'true', null),
  custom: fc.oneof(
    { weight: 6, arbitrary: fc.record({ interview_scheduled: interviewScheduled, outcome }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('not an object', [1, 2], null) },
  ),
  startedAt: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
});

type Plan = typeof stored extends fc.Arbitrary<infer T> ? T : never;

/** A call object at the plan's stage, shaped like retell-sdk's PhoneCallResponse. */
function callObject(plan: Plan, candidateId: number): RetellCallObject {
  const callId = newCallId();
  const options = {
    callId,
    candidateId,
    startedAt: plan.startedAt,
    disconnection_reason: plan.disconnection as 'agent_hangup',
  };
  if (plan.stage === 'registered') {
    return { call_id: callId, call_status: 'registered', metadata: { candidate_id: String(candidateId) } };
  }
  const call = {
    ...(plan.stage === 'started'
      ? startedCall(options)
      : plan.stage === 'ended'
        ? endedCall(options)
        : analyzedCall(options)),
  } as RetellCallObject;
  if (plan.stage === 'analyzed') {
    call.call_analysis = {
      ...(call.call_analysis as object),
      in_voicemail: plan.inVoicemail,
      custom_analysis_data: plan.custom,
    };
  }
  if (plan.status) call.call_status = plan.status;
  return call;
}

describe('the verdict and recency columns of retell_calls', () => {
  let h: IngestionHarness;
  let ingestion: IngestionService;

  beforeAll(async () => {
    h = await startIngestion();
    ingestion = h.module.get(IngestionService);
  });
  afterAll(() => h.close());

  it('should hold what the mapper says, whether the applier wrote them or the migration backfilled them', async () => {
    const candidates = [await h.candidate(), await h.candidate(), await h.candidate()];
    const plans = fc.sample(stored, { numRuns: 120, seed: 20261203 });
    const ids: string[] = [];
    for (const [i, plan] of plans.entries()) {
      const call = callObject(plan, candidates[i % candidates.length]);
      ids.push(call.call_id);
      const result = await ingestion.ingest(
        webhookEnvelope(Buffer.from(JSON.stringify({ event: 'call_analyzed', call }))),
      );
      expect(result.outcome).toBe('applied');
    }
    const read = () =>
      h.dataSource.query<
        { call_id: string; call: RetellCallObject; verdict: string | null; recency_ms: string; created_at: Date }[]
      >('SELECT call_id, call, verdict, recency_ms, created_at FROM retell_calls WHERE call_id = ANY($1) ORDER BY id', [
        ids,
      ]);
    const written = await read();
    expect(written).toHaveLength(plans.length);
    for (const row of written) {
      const mapped = mapRetellCall(row.call);
      expect({ call_id: row.call_id, verdict: row.verdict, recency_ms: Number(row.recency_ms) }).toEqual({
        call_id: row.call_id,
        verdict: callVerdict(mapped.candidate),
        recency_ms: callRecency({ ...mapped.record, created_at: new Date(row.created_at) }),
      });
    }
    // Every verdict and both recency sources occur, or the sample proves little.
    expect(new Set(written.map((row) => row.verdict))).toEqual(
      new Set([null, 'contacted', 'interviewing', 'rejected']),
    );
    expect(written.some((row) => row.call.start_timestamp === undefined)).toBe(true);

    await h.rerun(new CallVerdictRecency1796284800000());
    const backfilled = await read();
    expect(
      backfilled.map(({ call_id, verdict, recency_ms }) => ({ call_id, verdict, recency_ms: Number(recency_ms) })),
    ).toEqual(
      written.map(({ call_id, verdict, recency_ms }) => ({ call_id, verdict, recency_ms: Number(recency_ms) })),
    );
  });
});
