import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CallAnalyticsColumns1796371200000 } from '../../migrations/1796371200000-CallAnalyticsColumns.js';
import { webhookEnvelope } from '../../src/ingestion/envelope.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { mapRetellCall } from '../../src/ingestion/retell-call.mapper.js';
import type { RetellCallObject } from '../../src/retell/retell-call-object.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';
import { analyzedCall, endedCall, newCallId } from '../support/retell-fixtures.js';

/**
 * The analytics columns of `retell_calls` are written by the applier with the mapper's parsing
 * (custom-analysis.ts), and computed in SQL by the migration's backfill for calls stored before
 * it. Both must agree on every stored call, LLM-typed values included: the backfill is run again
 * (down, then up) over calls the applier wrote.
 */
const ANALYTICS_COLUMNS = [
  'in_voicemail',
  'call_successful',
  'user_sentiment',
  'interview_scheduled',
  'outcome',
  'interest_level',
  'combined_cost',
] as const;

const selector = (...canonical: string[]) =>
  fc.constantFrom<unknown>(
    ...canonical,
    ...canonical.map((value) => ` ${value.toUpperCase()}\n`),
    'Something else',
    '\u3000',
    '',
    7,
    null,
    true,
    ['High'],
    'x'.repeat(10_001),
  );

const plan = fc.record({
  analyzed: fc.boolean(),
  custom: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        interview_scheduled: fc.constantFrom<unknown>(true, false, 'true', ' Yes ', 'N', 'no', 'maybe', '', 1, null),
        outcome: selector('Interview Scheduled', 'Callback Requested', 'Not Interested', 'Voicemail Left'),
        candidate_interest_level: selector('High', 'Medium', 'Low', 'Not Interested'),
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('not an object', [1, 2], null) },
  ),
  inVoicemail: fc.constantFrom<unknown>(false, true, 'true', null),
  successful: fc.constantFrom<unknown>(true, false, 'yes', null),
  sentiment: fc.constantFrom<unknown>('Positive', 'Negative', 'Neutral', 'Unknown', '', 3, null),
  cost: fc.constantFrom<unknown>(0, 42, 12.345, '42', null, undefined),
});

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

/** A call object of the plan, shaped like retell-sdk's PhoneCallResponse (LLM values untyped). */
function callObject(p: Plan, candidateId: number): RetellCallObject {
  const options = { callId: newCallId(), candidateId };
  const call = { ...(p.analyzed ? analyzedCall(options) : endedCall(options)) } as RetellCallObject;
  if (p.analyzed) {
    call.call_analysis = {
      call_summary: 'Screening call.',
      user_sentiment: p.sentiment,
      call_successful: p.successful,
      in_voicemail: p.inVoicemail,
      custom_analysis_data: p.custom,
    };
  }
  call.call_cost = p.cost === undefined ? undefined : { combined_cost: p.cost, product_costs: [] };
  return call;
}

describe('the analytics columns of retell_calls', () => {
  let h: IngestionHarness;
  let ingestion: IngestionService;

  beforeAll(async () => {
    h = await startIngestion();
    ingestion = h.module.get(IngestionService);
  });
  afterAll(() => h.close());

  it('should hold what the mapper says, whether the applier wrote them or the migration backfilled them', async () => {
    const candidates = [await h.candidate(), await h.candidate()];
    const plans = fc.sample(plan, { numRuns: 150, seed: 20261203 });
    const ids: string[] = [];
    for (const [i, p] of plans.entries()) {
      const call = callObject(p, candidates[i % candidates.length]);
      ids.push(call.call_id);
      const event = p.analyzed ? 'call_analyzed' : 'call_ended';
      const result = await ingestion.ingest(webhookEnvelope(Buffer.from(JSON.stringify({ event, call }))));
      expect(result.outcome).toBe('applied');
    }
    const read = () =>
      h.dataSource.query<(Record<(typeof ANALYTICS_COLUMNS)[number], unknown> & { call: RetellCallObject })[]>(
        `SELECT call, ${ANALYTICS_COLUMNS.join(', ')} FROM retell_calls WHERE call_id = ANY($1) ORDER BY id`,
        [ids],
      );
    const columns = (row: object) =>
      Object.fromEntries(ANALYTICS_COLUMNS.map((c) => [c, (row as Record<string, unknown>)[c]]));

    const written = await read();
    expect(written).toHaveLength(plans.length);
    for (const row of written) expect(columns(row)).toEqual(columns(mapRetellCall(row.call).record));
    // Every kind of value occurs, or the sample proves little.
    for (const column of ['interview_scheduled', 'outcome', 'interest_level', 'combined_cost', 'in_voicemail']) {
      expect(written.some((row) => row[column as 'outcome'] === null)).toBe(true);
      expect(written.some((row) => row[column as 'outcome'] !== null)).toBe(true);
    }
    expect(new Set(written.map((row) => row.outcome))).toContain('Not Interested');

    await h.rerun(new CallAnalyticsColumns1796371200000());
    expect((await read()).map(columns)).toEqual(written.map(columns));
  });

  it('should backfill the agreed slot of calls that booked an interview from the interview they booked', async () => {
    const booked: string[] = [];
    for (const [iso, zone] of [
      ['2027-03-02T10:00:00', 'America/Chicago'],
      ['2027-03-05T16:30:00', 'Europe/London'],
    ]) {
      const options = {
        callId: newCallId(),
        candidateId: await h.candidate(),
        startedAt: Date.parse('2027-02-20T15:00:00Z'), // a call can book only after it, within a year
        custom: { interview_scheduled: true, scheduled_datetime_iso: iso, scheduled_timezone: zone },
      };
      booked.push(options.callId);
      const body = JSON.stringify({ event: 'call_analyzed', call: analyzedCall(options) });
      expect((await ingestion.ingest(webhookEnvelope(Buffer.from(body)))).outcome).toBe('applied');
    }
    const slots = () =>
      h.dataSource.query<{ interview_weekday: number; interview_hour: number }[]>(
        'SELECT interview_weekday, interview_hour FROM retell_calls WHERE call_id = ANY($1) ORDER BY id',
        [booked],
      );
    // Tue 10:00 in Chicago, Fri 16:00 in London: the applier's own.
    expect(await slots()).toEqual([
      { interview_weekday: 2, interview_hour: 10 },
      { interview_weekday: 5, interview_hour: 16 },
    ]);

    await h.rerun(new CallAnalyticsColumns1796371200000());
    expect(await slots()).toEqual([
      { interview_weekday: 2, interview_hour: 10 },
      { interview_weekday: 5, interview_hour: 16 },
    ]);
  });
});
