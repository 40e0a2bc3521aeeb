/**
 * The analytics rollup is exact: an unfiltered summary or series, served from `call_analytics_hours`
 * for hours over two hours old, equals the live computation of the same calls (a query filtered by
 * the one job every call has is computed live) after late events, a replay and an erasure.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import request from 'supertest';
import { createCandidate, deliver } from '../support/http.js';
import { analyzedCall, endedCall, newCallId } from '../support/retell-fixtures.js';
import { AUTH, startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JOB = '45';

describe('analytics rollup', () => {
  let t: TestApp;
  /** Midnight UTC ten days ago: the calls lie in the days after it, all over two hours old. */
  let base: number;
  const http = () => request(t.app.getHttpServer());
  const iso = (ms: number) => new Date(ms).toISOString();

  interface Figures {
    summary: Record<string, unknown>;
    series: Record<string, unknown>;
    week: Record<string, unknown>;
  }

  /** The summary over the ten days (from mid-hour, so that it has live edges) and the daily series in two zones. */
  async function figures(filter: Record<string, string>): Promise<Figures> {
    const range = { from: iso(base + 30 * 60_000), to: iso(base + 10 * DAY + 7 * 60_000), ...filter };
    const [summary, series, week] = await Promise.all([
      http().get('/api/analytics/summary').query(range).set(AUTH),
      http()
        .get('/api/analytics/timeseries')
        .query({ ...range, bucket: 'day', tz: 'America/Chicago' })
        .set(AUTH),
      http()
        .get('/api/analytics/timeseries')
        .query({ ...range, bucket: 'week', tz: 'UTC' })
        .set(AUTH),
    ]);
    for (const res of [summary, series, week]) expect(res.status).toBe(200);
    return {
      summary: summary.body as Record<string, unknown>,
      series: series.body as Record<string, unknown>,
      week: week.body as Record<string, unknown>,
    };
  }

  /** Serves the figures from the rollup and checks them against the live computation. */
  async function exact(): Promise<Figures> {
    const served = await figures({});
    const [{ hours }] = await t.dataSource.query<{ hours: number }[]>(
      'SELECT count(*)::int AS hours FROM call_analytics_hours',
    );
    expect(hours).toBeGreaterThan(200);
    expect(served).toEqual(await figures({ job_id: JOB }));
    return served;
  }

  const calls = (figures: Figures) => figures.summary.calls as Record<string, number>;

  /** A call of `day` at `hour` (UTC) of its own candidate; `analyzed` books an interview. */
  function call(candidateId: number, day: number, hour: number, analyzed: boolean): PhoneCallResponse {
    const options = { callId: newCallId(), candidateId, startedAt: base + day * DAY + hour * HOUR + 17_000 };
    return analyzed ? analyzedCall(options) : endedCall(options);
  }

  beforeAll(async () => {
    t = await startTestApp();
    base = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
  });
  afterAll(async () => {
    await t.close();
  });

  it('should serve the same figures as the live computation after late events, a replay and an erasure', async () => {
    const ended: { c: PhoneCallResponse; candidateId: number }[] = [];
    const owners: number[] = [];
    for (let i = 0; i < 12; i++) {
      const candidate = await createCandidate(t.app);
      owners.push(candidate.id);
      const c = call(candidate.id, i % 9, (i * 5) % 24, i % 3 === 0);
      if (i % 4 === 1) c.disconnection_reason = 'dial_no_answer';
      if (i % 4 === 2) c.disconnection_reason = 'voicemail_reached';
      expect((await deliver(t.app, c.call_analysis ? 'call_analyzed' : 'call_ended', c)).status).toBe(200);
      if (!c.call_analysis && i % 4 === 3) ended.push({ c, candidateId: candidate.id });
    }
    const first = await exact();

    // Late events: the analyses of calls days old arrive now, and book interviews.
    for (const { c, candidateId } of ended) {
      const late = analyzedCall({ callId: c.call_id, candidateId, startedAt: c.start_timestamp });
      expect((await deliver(t.app, 'call_analyzed', late)).status).toBe(200);
    }
    const afterLate = await exact();
    expect((afterLate.summary.interviews as { scheduled: number }).scheduled).toBe(
      (first.summary.interviews as { scheduled: number }).scheduled + ended.length,
    );

    // A replay: an event orphaned for want of its candidate, applied once the candidate exists.
    const placeholder = await createCandidate(t.app);
    const next = placeholder.id + 1;
    const orphan = call(next, 4, 11, true);
    expect((await deliver(t.app, 'call_analyzed', orphan)).status).toBe(200);
    const [event] = await t.dataSource.query<{ id: number; outcome: string }[]>(
      'SELECT id, outcome FROM retell_webhook_events WHERE call_id = $1',
      [orphan.call_id],
    );
    expect(event.outcome).toBe('orphaned');
    expect((await createCandidate(t.app)).id).toBe(next);
    expect((await http().post(`/api/webhooks/retell/events/${event.id}/replay`).set(AUTH)).status).toBe(200);
    const afterReplay = await exact();
    expect(calls(afterReplay).connected).toBe(calls(afterLate).connected + 1);

    // An erasure deletes a candidate's calls (days old) with the candidate.
    expect((await http().delete(`/api/candidates/${owners[1]}`).set(AUTH)).status).toBe(204);
    expect((await http().delete(`/api/candidates/${owners[5]}`).set(AUTH)).status).toBe(204);
    const afterErasure = await exact();
    expect(calls(afterErasure).placed).toBe(calls(afterReplay).placed - 2);
  }, 60_000);
});
