import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import request from 'supertest';
import { RetellSimulator } from '../../tools/retell-simulator.js';
import { Clock } from '../../src/common/clock.js';
import { createCandidate, deliver } from '../support/http.js';
import { analyzedCall, endedCall, newCallId, startedCall } from '../support/retell-fixtures.js';
import { AUTH, RETELL_KEY, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The analytics endpoints over a fixed data set of every kind of call, entered the three ways
 * calls arrive (signed webhooks, manual saves, calls placed through the Retell simulator). Every
 * expected figure below is worked out by hand from the table in `beforeAll`.
 */
const AGENT_A = 'agent_7d2f0c1e9b';
const AGENT_B = 'agent_b2c4e6a8d0';
/** 14:00 in New York on a Wednesday: inside calling hours, for placing calls. */
const AFTERNOON_NY = new Date('2026-11-18T19:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Custom = Record<string, unknown>;

interface Spec {
  day: number;
  hour: number;
  duration: number;
  cost?: number;
  job?: string;
  agent?: string;
  recruiter?: string;
  disconnection: PhoneCallResponse['disconnection_reason'];
  analysis?: {
    user_sentiment?: 'Positive' | 'Negative' | 'Neutral';
    call_successful?: boolean;
    in_voicemail?: boolean;
    custom?: Custom;
  };
}

describe('GET /api/analytics/summary and /timeseries', () => {
  let sim: RetellSimulator;
  let t: TestApp;
  /** UTC midnight six days before today: day 6 of the data set is today, when unstarted calls are recorded. */
  let base: number;
  const http = () => request(t.app.getHttpServer());
  const summary = (query: Record<string, string>) => http().get('/api/analytics/summary').query(query).set(AUTH);
  const series = (query: Record<string, string>) => http().get('/api/analytics/timeseries').query(query).set(AUTH);
  const iso = (ms: number) => new Date(ms).toISOString();
  const week = () => ({ from: iso(base), to: iso(base + 7 * DAY) });

  /** A finished call of `spec`, as Retell's PhoneCallResponse, with its own candidate. */
  async function finishedCall(spec: Spec): Promise<{ candidateId: number; call: PhoneCallResponse }> {
    const candidate = await createCandidate(t.app, { timezone: 'America/New_York' });
    const callId = newCallId();
    const startedAt = base + spec.day * DAY + spec.hour * HOUR;
    const options = {
      callId,
      candidateId: candidate.id,
      startedAt,
      disconnection_reason: spec.disconnection,
      metadata: {
        candidate_id: String(candidate.id),
        job_id: spec.job ?? '45',
        recruiter: spec.recruiter ?? 'Emma Johnson',
      },
    };
    const ended = endedCall(options);
    const call: PhoneCallResponse = {
      ...(spec.analysis ? analyzedCall(options) : ended),
      agent_id: spec.agent ?? AGENT_A,
      end_timestamp: startedAt + spec.duration,
      duration_ms: spec.duration,
      call_cost: { ...ended.call_cost!, combined_cost: spec.cost ?? 0 },
    };
    if (spec.cost === undefined) delete call.call_cost;
    if (spec.analysis) {
      const { custom, ...analysis } = spec.analysis;
      call.call_analysis = { call_summary: 'Screening call.', ...analysis, custom_analysis_data: custom ?? {} };
    }
    return { candidateId: candidate.id, call };
  }

  /** Delivers a call's webhooks as Retell may: started, analyzed before ended, and a duplicate. */
  async function viaWebhooks(spec: Spec): Promise<void> {
    const { call } = await finishedCall(spec);
    const steps: [string, PhoneCallResponse][] = [
      ['call_started', { ...startedCall({ callId: call.call_id, startedAt: call.start_timestamp }), ...pick(call) }],
      ...(call.call_analysis ? [['call_analyzed', call] as [string, PhoneCallResponse]] : []),
      ['call_ended', { ...call, call_analysis: undefined }],
      ['call_ended', { ...call, call_analysis: undefined }],
    ];
    for (const [event, body] of steps) expect((await deliver(t.app, event, body)).status).toBe(200);
  }

  const pick = (call: PhoneCallResponse) => ({
    metadata: call.metadata,
    agent_id: call.agent_id,
    start_timestamp: call.start_timestamp,
  });

  async function viaManualSave(spec: Spec): Promise<void> {
    const { candidateId, call } = await finishedCall(spec);
    const res = await http().post(`/api/candidates/${candidateId}/save_retell_call_data/`).set(AUTH).send(call);
    expect(res.status).toBe(200);
  }

  /** A call of job 77 that never started (no start_timestamp): in range by when it was recorded. */
  async function unstarted(status: 'not_connected' | 'error', reason: string): Promise<void> {
    const candidate = await createCandidate(t.app);
    const callId = newCallId();
    const call = {
      ...endedCall({ callId, candidateId: candidate.id, disconnection_reason: reason as 'dial_busy' }),
      metadata: { candidate_id: String(candidate.id), job_id: '77', recruiter: 'Emma Johnson' },
      call_status: status,
    } as PhoneCallResponse;
    delete call.start_timestamp;
    delete call.duration_ms;
    delete call.call_cost;
    expect((await deliver(t.app, 'call_ended', call)).status).toBe(200);
  }

  async function placed(fail: boolean): Promise<void> {
    const candidate = await createCandidate(t.app, { timezone: 'America/New_York' });
    if (fail) sim.failNext('create', 422, 'Invalid from_number');
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(AFTERNOON_NY);
    const res = await http().post(`/api/candidates/${candidate.id}/calls`).set(AUTH).send({ job_id: '45' });
    clock.mockRestore();
    expect(res.status).toBe(fail ? 502 : 201);
  }

  beforeAll(async () => {
    sim = new RetellSimulator({ apiKey: RETELL_KEY });
    t = await startTestApp({
      RETELL_BASE_URL: await sim.start(),
      RETELL_FROM_NUMBER: '+14155550100',
      RETELL_AGENT_ID: AGENT_A,
      DEFAULT_PHONE_REGION: 'US',
      RECONCILE_INTERVAL: '0',
      DEFAULT_TIMEZONE: 'America/New_York',
    });
    await t.app.listen(0, '127.0.0.1');
    sim.webhookUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/webhooks/retell`;
    base = DateTime.utc().startOf('day').minus({ days: 6 }).toMillis();

    // c1: connected, books Tue 2027-02-02 15:00 in New York; 5 min, 50 ¢.
    await viaWebhooks({
      day: 0,
      hour: 15,
      duration: 300_000,
      cost: 50,
      disconnection: 'agent_hangup',
      analysis: {
        user_sentiment: 'Positive',
        call_successful: true,
        in_voicemail: false,
        custom: {
          interview_scheduled: true,
          scheduled_datetime_iso: '2027-02-02T15:00:00-05:00',
          scheduled_timezone: 'America/New_York',
          outcome: 'Interview Scheduled',
          candidate_interest_level: 'High',
        },
      },
    });
    // c2: connected, not interested, recruiter Liam Park, by manual save; 2 min, 30.5 ¢.
    await viaManualSave({
      day: 1,
      hour: 16,
      duration: 120_000,
      cost: 30.5,
      recruiter: 'Liam Park',
      disconnection: 'user_hangup',
      analysis: {
        user_sentiment: 'Negative',
        call_successful: true,
        in_voicemail: false,
        custom: { interview_scheduled: false, outcome: 'not interested', candidate_interest_level: 'Low' },
      },
    });
    // c3: connected, job 77, agent B, books Thu 2027-02-04 09:30 in London; 10 min, 80 ¢.
    await viaWebhooks({
      day: 2,
      hour: 14,
      duration: 600_000,
      cost: 80,
      job: '77',
      agent: AGENT_B,
      disconnection: 'agent_hangup',
      analysis: {
        user_sentiment: 'Neutral',
        call_successful: false,
        in_voicemail: false,
        custom: {
          interview_scheduled: 'yes',
          scheduled_datetime_iso: '2027-02-04T09:30:00',
          scheduled_timezone: 'Europe/London',
          outcome: 'Interview Scheduled',
          candidate_interest_level: 'Medium',
        },
      },
    });
    // c4: voicemail; 30 s, 10 ¢.
    await viaWebhooks({
      day: 2,
      hour: 18,
      duration: 30_000,
      cost: 10,
      disconnection: 'voicemail_reached',
      analysis: {
        user_sentiment: 'Neutral',
        call_successful: false,
        in_voicemail: true,
        custom: { outcome: 'Voicemail Left' },
      },
    });
    // c5: ended with dial_no_answer (a dial failure), analysed with nothing to say; 0 ¢.
    await viaWebhooks({
      day: 3,
      hour: 10,
      duration: 0,
      cost: 0,
      disconnection: 'dial_no_answer',
      analysis: { call_successful: false },
    });
    // c10: ongoing (call_started only), day 5.
    const ongoing = await finishedCall({ day: 5, hour: 9, duration: 0, disconnection: 'agent_hangup' });
    const started = startedCall({
      callId: ongoing.call.call_id,
      candidateId: ongoing.candidateId,
      startedAt: ongoing.call.start_timestamp,
      metadata: ongoing.call.metadata as Record<string, unknown>,
    });
    expect((await deliver(t.app, 'call_started', started)).status).toBe(200);
    // c11: 40 days before: outside every range below.
    await viaWebhooks({
      day: -40,
      hour: 12,
      duration: 200_000,
      cost: 99,
      disconnection: 'agent_hangup',
      analysis: { custom: { outcome: 'Callback Requested' } },
    });
    // Never started, recorded today (day 6): c6 not_connected, c7 error (job 77), c8 refused, c9 registered.
    await unstarted('not_connected', 'dial_busy');
    await unstarted('error', 'error_llm_websocket_open');
    await placed(true);
    await placed(false);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await sim.stop();
  });

  it('should answer every figure of the week as worked out by hand', async () => {
    const res = await summary(week());

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: iso(base),
      to: iso(base + 7 * DAY),
      // placed = 3 connected + 1 voicemail + 2 not connected + 1 error + 2 in progress
      calls: {
        placed: 9,
        connected: 3,
        voicemail: 1,
        not_connected: 2,
        error: 1,
        in_progress: 2,
        refused_by_retell: 1,
      },
      // settled = 9 − 2 = 7
      rates: { pickup: 3 / 7, voicemail: 1 / 7, interview_scheduled: 2 / 3, success: 2 / 3 },
      // connected durations 120 000, 300 000, 600 000 (nearest rank)
      duration_ms: { total: 1_020_000, avg: 340_000, p50: 300_000, p90: 600_000 },
      // 50 + 30.5 + 80 + 10 + 0 = 170.5; ÷ 3 connected; ÷ 2 interviews
      cost: { total_cents: 170.5, per_connected_call_cents: 56.83, per_interview_cents: 85.25 },
      // analysed: c1–c5
      outcomes: { 'Interview Scheduled': 2, 'Not Interested': 1, 'Voicemail Left': 1, unknown: 1 },
      interest_levels: { High: 1, Low: 1, Medium: 1, unknown: 2 },
      sentiment: { Positive: 1, Negative: 1, Neutral: 2, unknown: 1 },
      disconnection_reasons: { agent_hangup: 2, user_hangup: 1, voicemail_reached: 1, dial_no_answer: 1 },
      interviews: {
        scheduled: 2,
        by_weekday_hour: [
          { weekday: 2, hour: 15, count: 1 },
          { weekday: 4, hour: 9, count: 1 },
        ],
      },
      // c1, c3 interviewing; c2 rejected; c11 contacted; the 7 others never reached
      candidates_by_status: { new: 7, contacted: 1, interviewing: 2, rejected: 1, hired: 0, withdrawn: 0 },
    });
  });

  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    [
      'job 77: c3 connected, c6 not connected, c7 error',
      { job_id: '77' },
      {
        calls: {
          placed: 3,
          connected: 1,
          voicemail: 0,
          not_connected: 1,
          error: 1,
          in_progress: 0,
          refused_by_retell: 0,
        },
        rates: { pickup: 1 / 3, voicemail: 0, interview_scheduled: 1, success: 0 },
        cost: { total_cents: 80, per_connected_call_cents: 80, per_interview_cents: 80 },
      },
    ],
    [
      'agent B: c3 only',
      { agent_id: AGENT_B },
      {
        calls: {
          placed: 1,
          connected: 1,
          voicemail: 0,
          not_connected: 0,
          error: 0,
          in_progress: 0,
          refused_by_retell: 0,
        },
        interviews: { scheduled: 1, by_weekday_hour: [{ weekday: 4, hour: 9, count: 1 }] },
      },
    ],
    [
      'recruiter Liam Park: c2 only, no interview',
      { recruiter: 'Liam Park' },
      {
        rates: { pickup: 1, voicemail: 0, interview_scheduled: 0, success: 1 },
        cost: { total_cents: 30.5, per_connected_call_cents: 30.5, per_interview_cents: null },
        outcomes: { 'Not Interested': 1 },
      },
    ],
  ])('should filter by %s', async (_name, filter, expected) => {
    const res = await summary({ ...week(), ...filter });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expected);
  });

  it('should answer zeros and null rates for a range without calls', async () => {
    const res = await summary({ from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      calls: {
        placed: 0,
        connected: 0,
        voicemail: 0,
        not_connected: 0,
        error: 0,
        in_progress: 0,
        refused_by_retell: 0,
      },
      rates: { pickup: null, voicemail: null, interview_scheduled: null, success: null },
      duration_ms: { total: 0, avg: null, p50: null, p90: null },
      cost: { total_cents: 0, per_connected_call_cents: null, per_interview_cents: null },
      outcomes: {},
      interviews: { scheduled: 0, by_weekday_hour: [] },
    });
  });

  it('should default to the last 30 days, which hold the week but not c11', async () => {
    const res = await summary({});

    expect(res.status).toBe(200);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(30 * DAY);
    expect(res.body.calls.placed).toBe(9);
  });

  it('should answer the daily series with empty days as zeros', async () => {
    const res = await series({ ...week(), tz: 'UTC' });

    expect(res.status).toBe(200);
    expect(res.body.buckets).toEqual(
      [
        [1, 1, 0, 1, 50], // c1
        [1, 1, 0, 0, 30.5], // c2
        [2, 1, 1, 1, 90], // c3, c4
        [1, 0, 0, 0, 0], // c5
        [0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0], // c10, in progress
        [3, 0, 0, 0, 0], // c6, c7, c9 (c8 was refused)
      ].map(([placed, connected, voicemail, interviews, cost], day) => ({
        start: DateTime.fromMillis(base + day * DAY, { zone: 'UTC' }).toISO(),
        placed,
        connected,
        voicemail,
        interviews_scheduled: interviews,
        cost_cents: cost,
      })),
    );
  });

  it('should put weekly buckets on local Mondays', async () => {
    const res = await series({ ...week(), bucket: 'week', tz: 'Europe/Berlin' });

    expect(res.status).toBe(200);
    const starts = res.body.buckets.map((b: { start: string }) => DateTime.fromISO(b.start, { setZone: true }));
    expect(starts.every((start: DateTime) => start.weekday === 1 && start.hour === 0)).toBe(true);
    expect(res.body.buckets.reduce((sum: number, b: { placed: number }) => sum + b.placed, 0)).toBe(9);
  });

  describe('across DST', () => {
    const NY = 'America/New_York';

    it('should start each day at local midnight when the clocks go forward (23-hour day)', async () => {
      // 2026-03-08 is 23 hours long in New York: the 9th starts at 04:00Z, not 05:00Z.
      const at = async (instant: string, job: string) => {
        const candidate = await createCandidate(t.app);
        const startedAt = Date.parse(instant);
        const call = {
          ...endedCall({ callId: newCallId(), candidateId: candidate.id, startedAt }),
          metadata: { candidate_id: String(candidate.id), job_id: job },
        };
        expect((await deliver(t.app, 'call_ended', call)).status).toBe(200);
      };
      await at('2026-03-08T04:30:00Z', 'dst'); // Mar 7, 23:30 EST
      await at('2026-03-09T03:30:00Z', 'dst'); // Mar 8, 23:30 EDT
      await at('2026-03-09T04:30:00Z', 'dst'); // Mar 9, 00:30 EDT

      const res = await series({ from: '2026-03-07T05:00:00Z', to: '2026-03-10T04:00:00Z', tz: NY, job_id: 'dst' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ from: '2026-03-07T05:00:00.000Z', to: '2026-03-10T04:00:00.000Z', tz: NY });
      expect(res.body.buckets.map((b: { start: string; placed: number }) => [b.start, b.placed])).toEqual([
        ['2026-03-07T00:00:00.000-05:00', 1],
        ['2026-03-08T00:00:00.000-05:00', 1],
        ['2026-03-09T00:00:00.000-04:00', 1],
      ]);
    });

    it('should widen a range to whole local days and keep 25-hour days whole', async () => {
      const res = await series({ from: '2026-10-31T12:00:00Z', to: '2026-11-02T12:00:00Z', tz: NY });

      expect(res.status).toBe(200);
      expect(res.body.from).toBe('2026-10-31T04:00:00.000Z');
      expect(res.body.buckets.map((b: { start: string }) => b.start)).toEqual([
        '2026-10-31T00:00:00.000-04:00',
        '2026-11-01T00:00:00.000-04:00',
        '2026-11-02T00:00:00.000-05:00',
      ]);
      expect(res.body.to).toBe('2026-11-03T05:00:00.000Z');
    });
  });

  describe('bad parameters', () => {
    it.each<[string, Record<string, string>, string]>([
      ['from after to', { from: '2026-11-09T00:00:00Z', to: '2026-11-02T00:00:00Z' }, 'from'],
      ['from without an offset', { from: '2026-11-02T00:00:00' }, 'from'],
      ['to that is no date', { to: 'yesterday' }, 'to'],
      ['an unknown parameter', { job: '45' }, 'job'],
    ])('should answer 400 naming the field for %s', async (_name, query, field) => {
      const res = await summary(query);

      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(res.body.message).toContain(field);
    });

    it.each<[string, Record<string, string>, string]>([
      ['an unknown zone', { tz: 'Mars/Olympus_Mons' }, 'tz'],
      ['an offset instead of a zone', { tz: '+05:00' }, 'tz'],
      ['a bucket of a month', { bucket: 'month' }, 'bucket'],
      ['ten years of days', { from: '2016-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from'],
    ])('should answer 400 naming the field of the series for %s', async (_name, query, field) => {
      const res = await series(query);

      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('should require the API key', async () => {
      expect((await http().get('/api/analytics/summary')).status).toBe(401);
    });
  });
});
