import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Retell from 'retell-sdk';
import request from 'supertest';
import { createCandidate, deliver, getCandidate } from '../support/http.js';
import { asJson, inOrderResult, type CallEvents } from '../support/in-order.js';
import { analyzedCall, endedCall, newCallId, startedCall } from '../support/retell-fixtures.js';
import { RETELL_KEY, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

/** Scale knobs: CI runs the defaults; `npm run test:soak` runs 1,000 calls. */
const SOAK_CALLS = Number(process.env.SOAK_CALLS ?? 150);
const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const HOUR = 3_600_000;

function threeEvents(
  callId: string,
  candidateId: number,
  startedAt: number,
  custom?: Record<string, unknown>,
): CallEvents {
  const options = { callId, candidateId, startedAt, custom };
  return {
    callId,
    events: [
      { event: 'call_started', call: startedCall(options) },
      { event: 'call_ended', call: endedCall(options) },
      { event: 'call_analyzed', call: analyzedCall(options) },
    ],
  };
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

describe('under load', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    // Two instances share one Postgres; the embedded database has one process, so one instance.
    b = TEST_DATABASE_URL ? await startTestApp({}, a.schema!) : a;
  });
  afterAll(async () => {
    if (b !== a) await b.close();
    await a.close();
  });

  it(`should apply ${SOAK_CALLS} calls × 3 events × 4 deliveries, shuffled over ${TEST_DATABASE_URL ? 'two instances' : 'one instance'}, exactly once each`, async () => {
    const ids = await a.dataSource.query<{ id: number }[]>(
      `INSERT INTO candidates (first_name, last_name, email, phone)
       SELECT 'Load', 'Test ' || n, 'load' || n || '@example.com', '+14155550199' FROM generate_series(1, $1) AS n
       RETURNING id`,
      [SOAK_CALLS],
    );
    const first = Math.min(...ids.map((row) => Number(row.id)));
    const calls = Array.from({ length: SOAK_CALLS }, (_, i) =>
      threeEvents(newCallId(), first + i, 1_763_700_000_000 + i),
    );
    const deliveries = await Promise.all(
      calls.flatMap(({ events }) =>
        events.map(async ({ event, call }) => {
          const body = JSON.stringify({ event, call });
          return { body, signature: await Retell.sign(body, RETELL_KEY) };
        }),
      ),
    );
    const copies = deliveries.flatMap((d) => [d, d, d, d]);
    const shuffled = fc.sample(
      fc.shuffledSubarray(copies, { minLength: copies.length, maxLength: copies.length }),
      1,
    )[0];
    const apps: NestExpressApplication[] = [a.app, b.app];

    const statuses = await pool(
      shuffled.map(
        (d, i) => () =>
          request(apps[i % 2].getHttpServer())
            .post('/api/webhooks/retell')
            .set('Content-Type', 'application/json')
            .set('x-retell-signature', d.signature)
            .send(d.body)
            .then((res) => res.status),
      ),
      24,
    );

    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const counts = await a.dataSource.query<{ applied: number; duplicate: number; other: number }[]>(
      `SELECT count(*) FILTER (WHERE outcome = 'applied')::int AS applied,
              count(*) FILTER (WHERE outcome = 'duplicate')::int AS duplicate,
              count(*) FILTER (WHERE outcome NOT IN ('applied', 'duplicate'))::int AS other
       FROM retell_webhook_events WHERE call_id = ANY($1)`,
      [calls.map((c) => c.callId)],
    );
    expect(counts[0]).toEqual({ applied: SOAK_CALLS * 3, duplicate: SOAK_CALLS * 9, other: 0 });
    const perDelivery = await a.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM retell_webhook_events WHERE call_id = ANY($1) AND outcome = 'applied'
       GROUP BY call_id, event, body_hash HAVING count(*) <> 1`,
      [calls.map((c) => c.callId)],
    );
    expect(perDelivery).toEqual([]);
    for (const call of calls.filter((_, i) => i % Math.max(1, Math.floor(SOAK_CALLS / 40)) === 0)) {
      const candidateId = Number((call.events[0].call as { metadata: { candidate_id: string } }).metadata.candidate_id);
      const expected = inOrderResult([call]);
      const actual = await getCandidate(a.app, candidateId);
      expect(actual).toMatchObject({ status: expected.status, ...asJson(expected.fields) });
    }
  });

  it('should reach the in-order record whatever the order and duplication of events, for older and newer calls', async () => {
    const outcomes = [
      { interview_scheduled: true, outcome: 'Interview Scheduled', candidate_timezone: 'Pacific Time' },
      { interview_scheduled: false, outcome: 'Not Interested' },
      { interview_scheduled: false, outcome: 'Callback Requested' },
    ];
    const plan = fc.record({
      calls: fc.uniqueArray(fc.record({ hoursAgo: fc.integer({ min: 1, max: 500 }), outcome: fc.nat({ max: 2 }) }), {
        minLength: 1,
        maxLength: 3,
        selector: (c) => c.hoursAgo,
      }),
      order: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
      repeats: fc.array(fc.nat({ max: 8 }), { maxLength: 4 }),
    });

    await fc.assert(
      fc.asyncProperty(plan, async ({ calls, order, repeats }) => {
        const candidate = await createCandidate(a.app);
        const events = calls
          .map((c) =>
            threeEvents(newCallId(), candidate.id, 1_763_700_000_000 - c.hoursAgo * HOUR, outcomes[c.outcome]),
          )
          .sort(
            (x, y) =>
              (x.events[0].call as { start_timestamp: number }).start_timestamp -
              (y.events[0].call as { start_timestamp: number }).start_timestamp,
          );
        const all = events.flatMap((c) => c.events);
        const arrival = all
          .map((e, i) => ({ e, key: order[i % order.length] * 100 + i }))
          .sort((x, y) => x.key - y.key)
          .map((x) => x.e);
        for (const r of repeats) arrival.splice(r % (arrival.length + 1), 0, arrival[r % arrival.length]);

        for (const { event, call } of arrival) expect((await deliver(a.app, event, call)).status).toBe(200);

        const expected = inOrderResult(events);
        const actual = await getCandidate(a.app, candidate.id);
        expect(actual).toMatchObject({ status: expected.status, ...asJson(expected.fields) });
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
