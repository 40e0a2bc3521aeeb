import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { CampaignDispatcher } from '../../src/campaigns/campaign-dispatcher.service.js';
import { Clock } from '../../src/common/clock.js';
import { RetellSimulator } from '../../tools/retell-simulator.js';
import { createCandidate, getCandidate } from '../support/http.js';
import { AUTH, RETELL_KEY, startTestApp, type TestApp } from '../support/test-app.js';

const FROM = '+14155550100';
const AGENT = 'agent_screening_v3';
const HOUR = 3_600_000;
/** Wednesday 15:00 in New York: inside the default calling window (08:00–21:00). */
const AFTERNOON_NY = new Date('2026-11-18T20:00:00.000Z');

interface Member {
  candidate_id: number | null;
  state: string;
  skip_reason: string | null;
  attempts: number;
  next_attempt_at: string | null;
  last_outcome: string | null;
  last_call_id: string | null;
}

describe('campaigns', () => {
  let sim: RetellSimulator;
  let t: TestApp;
  let now: Date;
  let phone = 4155500000;
  const http = () => request(t.app.getHttpServer());
  const dispatcher = () => t.app.get(CampaignDispatcher);
  const creates = () => sim.requests.filter((r) => r.path === '/v2/create-phone-call');
  /** A candidate whose number makes the simulator play `suffix`'s outcome (901 not interested, 902 voicemail, 904 no answer; else a booking). */
  const candidate = (suffix = '000', fields: Record<string, unknown> = {}) =>
    createCandidate(t.app, {
      phone: `+1${String((phone += 10000) + Number(suffix)).padStart(10, '0')}`,
      timezone: 'America/New_York',
      ...fields,
    });
  const create = (body: object) => http().post('/api/campaigns').set(AUTH).send(body);
  const act = (id: number, action: string) => http().post(`/api/campaigns/${id}/${action}`).set(AUTH).send();
  const members = async (id: number): Promise<Member[]> => {
    const res = await http().get(`/api/campaigns/${id}/candidates?limit=100`).set(AUTH);
    expect(res.status).toBe(200);
    return res.body.items as Member[];
  };
  const memberOf = async (id: number, candidateId: number): Promise<Member> =>
    (await members(id)).find((m) => m.candidate_id === candidateId)!;
  /** Plays every call still registered, as Retell would, then lets the dispatcher settle them. */
  const playAll = async () => {
    for (const [callId, call] of sim.calls) if (call.call_status === 'registered') await sim.play(callId);
    await sim.idle();
    await dispatcher().dispatch();
  };

  beforeAll(async () => {
    sim = new RetellSimulator({ apiKey: RETELL_KEY });
    const baseUrl = await sim.start();
    t = await startTestApp({
      RETELL_BASE_URL: baseUrl,
      RETELL_FROM_NUMBER: FROM,
      RETELL_AGENT_ID: AGENT,
      DEFAULT_PHONE_REGION: 'US',
      RECONCILE_INTERVAL: '0',
      RETELL_TIMEOUT_MS: '2000',
      CAMPAIGN_IDLE_MS: '600000',
      CAMPAIGN_ANALYSIS_WAIT_MS: '0',
      CAMPAIGN_RETELL_RESERVE: '0',
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
    sim.concurrencyLimit = 20;
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterEach(async () => {
    await sim.idle();
    jest.restoreAllMocks();
  });

  it('should create a draft with defaults and counts, and refuse bad input naming the field', async () => {
    const a = await candidate();
    const dnc = await candidate('000', { do_not_call: true });
    const res = await create({ name: ' Backend, December ', candidate_ids: [a.id, dnc.id], job_id: '45' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Backend, December',
      status: 'draft',
      job_id: '45',
      max_attempts: 3,
      retry_delays: ['PT4H', 'P1D'],
      max_concurrent_calls: 5,
      calling_days: [1, 2, 3, 4, 5],
      counts: { queued: 1, skipped: 1, calling: 0, completed: 0 },
    });
    expect((await memberOf(res.body.id, dnc.id)).skip_reason).toBe('do_not_call');

    const unknown = await create({ name: 'x', candidate_ids: [a.id, 999999] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toEqual({ field: 'candidate_ids', errors: ['unknown candidate ids: 999999'] });
    for (const [field, value] of [
      ['max_attempts', 11],
      ['retry_delays', ['4 hours']],
      ['retry_delays', ['PT10S']],
      ['calling_days', [0]],
      ['max_concurrent_calls', null],
      ['name', ''],
      // Past Postgres' `integer`: a 400, never a failed insert (a fuzz counterexample).
      ['candidate_ids', [a.id, 2 ** 31]],
      ['candidate_ids', [2 ** 53 + 2]],
      ['daily_call_limit', 2 ** 31],
      ['daily_budget_cents', 2 ** 31],
    ] as const) {
      const bad = await create({ name: 'ok', [field]: value });
      expect([field, bad.status, bad.body.details?.[0]?.field]).toEqual([field, 400, field]);
    }
    expect((await create({ name: 'ok', status: 'running' })).status).toBe(400);
  });

  it('should move through its lifecycle and answer 409 to an impossible transition', async () => {
    // A candidate for whom it is night (05:00 in Tokyo): the running campaign waits, it does not complete.
    const sleeper = await candidate('000', { timezone: 'Asia/Tokyo' });
    const { body } = await create({ name: 'Lifecycle', candidate_ids: [sleeper.id] });
    expect((await act(body.id, 'pause')).status).toBe(409);
    const started = await act(body.id, 'start');
    expect([started.status, started.body.status]).toEqual([200, 'running']);
    expect((await act(body.id, 'start')).body).toMatchObject({ code: 'campaign_transition_not_allowed' });
    expect((await act(body.id, 'pause')).body.status).toBe('paused');
    expect((await act(body.id, 'resume')).body.status).toBe('running');
    expect((await act(body.id, 'cancel')).body.status).toBe('cancelled');
    expect((await act(body.id, 'resume')).status).toBe(409);
    expect((await act(999999, 'start')).status).toBe(404);
    expect(
      (await http().post(`/api/campaigns/${body.id}/candidates`).set(AUTH).send({ candidate_ids: [] })).status,
    ).toBe(409);
  });

  it('should call each candidate with the campaign metadata, settle outcomes and retry on the cadence', async () => {
    const booked = await candidate('000');
    const declines = await candidate('901');
    const voicemail = await candidate('902');
    const noAnswer = await candidate('904');
    const stopCalling = await candidate('905');
    const { body } = await create({
      name: 'Cadence',
      candidate_ids: [booked.id, declines.id, voicemail.id, noAnswer.id, stopCalling.id],
      job_id: 'job-7',
      dynamic_variables: { screening_questions: 'Notice period?' },
      max_attempts: 2,
      retry_delays: ['PT4H'],
    });
    const before = creates().length;
    await act(body.id, 'start');
    await dispatcher().dispatch();
    const sent = creates().slice(before);
    expect(sent).toHaveLength(5);
    const first = sent[0].body as {
      metadata: Record<string, unknown>;
      retell_llm_dynamic_variables: Record<string, string>;
    };
    expect(first.metadata).toMatchObject({ campaign_id: String(body.id), job_id: 'job-7', attempt: 1 });
    expect(first.retell_llm_dynamic_variables.screening_questions).toBe('Notice period?');
    expect((await memberOf(body.id, booked.id)).state).toBe('calling');

    await playAll();
    expect(await memberOf(body.id, booked.id)).toMatchObject({
      state: 'completed',
      last_outcome: 'interview_scheduled',
      attempts: 1,
    });
    expect(await memberOf(body.id, declines.id)).toMatchObject({ state: 'completed', last_outcome: 'not_interested' });
    const retry = await memberOf(body.id, noAnswer.id);
    expect(retry).toMatchObject({ state: 'retry_scheduled', last_outcome: 'no_answer', attempts: 1 });
    expect(new Date(retry.next_attempt_at!).getTime()).toBe(AFTERNOON_NY.getTime() + 4 * HOUR);
    expect(await memberOf(body.id, voicemail.id)).toMatchObject({
      state: 'retry_scheduled',
      last_outcome: 'voicemail',
    });
    // "Do not call me": the candidate becomes do-not-call, and no attempt follows.
    expect(await memberOf(body.id, stopCalling.id)).toMatchObject({ state: 'completed', last_outcome: 'do_not_call' });
    expect((await getCandidate(t.app, stopCalling.id)).do_not_call).toBe(true);
    expect((await getCandidate(t.app, noAnswer.id)).status).toBe('new'); // no answer is never a rejection
    // Ranked by the screening answers: the qualified, highly interested candidate first.
    const ranked = await http().get(`/api/campaigns/${body.id}/candidates?sort=rank&limit=1`).set(AUTH);
    expect(ranked.body.items[0]).toMatchObject({
      candidate_id: booked.id,
      screening: { is_qualified: true, interest_level: 'High', years_of_experience: 6, salary_expectation: 135000 },
    });
    const second = await http()
      .get(`/api/campaigns/${body.id}/candidates?sort=rank&limit=1&cursor=${ranked.body.next_cursor}`)
      .set(AUTH);
    expect(second.body.items[0].rank).toBeLessThan(ranked.body.items[0].rank);
    expect(
      (
        await http()
          .get(`/api/campaigns/${body.id}/candidates?sort=rank&cursor=${ranked.body.next_cursor.slice(1)}`)
          .set(AUTH)
      ).status,
    ).toBe(400);

    // Not due yet: nothing is dialled.
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(5);
    now = new Date(AFTERNOON_NY.getTime() + 4 * HOUR); // 19:00 in New York
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(7);
    await playAll();
    expect(await memberOf(body.id, noAnswer.id)).toMatchObject({ state: 'exhausted', attempts: 2 });
    const done = await http().get(`/api/campaigns/${body.id}`).set(AUTH);
    expect(done.body.counts).toMatchObject({ completed: 3, exhausted: 2 });
    await dispatcher().dispatch();
    expect((await http().get(`/api/campaigns/${body.id}`).set(AUTH)).body.status).toBe('completed');
  });

  it("should wait for the morning in the candidate's own zone, across the DST change", async () => {
    // Saturday 2026-03-07 23:00 in New York; the clocks go forward on Sunday 03-08; Monday is a weekday.
    now = new Date('2026-03-08T04:00:00.000Z');
    const night = await candidate('904');
    const { body } = await create({ name: 'Night', candidate_ids: [night.id] });
    const before = creates().length;
    await act(body.id, 'start');
    await dispatcher().dispatch();
    expect(creates().length).toBe(before);
    const member = await memberOf(body.id, night.id);
    // Monday 08:00 EDT (UTC-4), not EST.
    expect(member).toMatchObject({ state: 'queued', next_attempt_at: '2026-03-09T12:00:00.000Z' });
    now = new Date('2026-03-09T12:00:00.000Z');
    await dispatcher().dispatch();
    expect(creates().length).toBe(before + 1);
    await act(body.id, 'cancel');
    await playAll();
    expect((await memberOf(body.id, night.id)).state).toBe('cancelled');
  });

  it('should keep to its cap and to what Retell leaves free, and never call a candidate twice at once', async () => {
    const people = await Promise.all(['000', '000', '000', '000', '904'].map((s) => candidate(s)));
    const busy = people[4];
    const manual = await http().post(`/api/candidates/${busy.id}/calls`).set(AUTH).send({});
    expect(manual.status).toBe(201);
    sim.concurrencyLimit = sim.inProgress() + 2; // Retell leaves two calls free
    const { body } = await create({ name: 'Cap', candidate_ids: people.map((p) => p.id), max_concurrent_calls: 3 });
    const before = creates().length;
    await act(body.id, 'start');
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(2);
    sim.concurrencyLimit = 50;
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(3); // its own cap of 3
    await playAll(); // the three campaign calls and the manual one end
    await dispatcher().dispatch();
    // The fourth is dialled; the candidate a recruiter just called waits for the cadence (PT4H after that call).
    expect(creates().length - before).toBe(4);
    const rested = await memberOf(body.id, busy.id);
    expect(rested).toMatchObject({ state: 'queued', attempts: 0 });
    expect(new Date(rested.next_attempt_at!).getTime()).toBeGreaterThan(now.getTime());
    await playAll();
    const all = await members(body.id);
    expect(all.map((m) => [m.candidate_id, m.state]).sort()).toEqual(
      people.map((p) => [p.id, p.id === busy.id ? 'queued' : 'completed']).sort(),
    );
    const perCandidate = creates()
      .slice(before)
      .map((r) => (r.body as { metadata: { candidate_id: string } }).metadata.candidate_id);
    expect(new Set(perCandidate).size).toBe(perCandidate.length);
    expect(sim.peakConcurrency).toBeLessThanOrEqual(50);
  });

  it('should stop dialling when paused, let the call in progress finish and settle, and go on when resumed', async () => {
    const first = await candidate('000'); // added first, so dialled first
    const second = await candidate('000');
    const { body } = await create({ name: 'Pause', candidate_ids: [first.id, second.id], max_concurrent_calls: 1 });
    const before = creates().length;
    await act(body.id, 'start');
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(1);
    expect((await act(body.id, 'pause')).body.status).toBe('paused');
    await playAll(); // the call in progress ends while paused, and is settled
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(1);
    const paused = await http().get(`/api/campaigns/${body.id}`).set(AUTH);
    expect(paused.body).toMatchObject({ status: 'paused', counts: { completed: 1, queued: 1, calling: 0 } });
    expect((await act(body.id, 'resume')).body.status).toBe('running');
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(2);
    expect(await memberOf(body.id, second.id)).toMatchObject({ state: 'calling', attempts: 1 });
    await playAll();
  });

  it('should not run rounds back to back while the campaign is at its cap (no busy polling)', async () => {
    const people = await Promise.all([1, 2, 3].map(() => candidate('904')));
    const { body } = await create({
      name: 'Idle at cap',
      candidate_ids: people.map((p) => p.id),
      max_concurrent_calls: 1,
    });
    await act(body.id, 'start');
    await dispatcher().dispatch();
    expect((await http().get(`/api/campaigns/${body.id}`).set(AUTH)).body.counts).toMatchObject({
      calling: 1,
      queued: 2,
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the rounds woken by that dial run and settle
    const rounds = jest.spyOn(dispatcher(), 'dispatch');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Two attempts are due but the cap is full: the dispatcher waits for a call to end (or CAMPAIGN_IDLE_MS).
    expect(rounds.mock.calls.length).toBeLessThanOrEqual(1);
    await act(body.id, 'cancel');
    await playAll();
  });

  it('should hold the cap while Retell answers slowly', async () => {
    const people = await Promise.all([1, 2, 3, 4, 5, 6].map(() => candidate('904')));
    const { body } = await create({
      name: 'Slow Retell',
      candidate_ids: people.map((p) => p.id),
      max_concurrent_calls: 2,
    });
    for (let i = 0; i < 2; i++) sim.hangNextCreate(300);
    const before = creates().length;
    await act(body.id, 'start');
    // Three rounds asked for at once (they run one after another on an instance) while Retell is slow.
    await Promise.all([dispatcher().dispatch(), dispatcher().dispatch(), dispatcher().dispatch()]);
    expect(creates().length - before).toBe(2);
    expect((await http().get(`/api/campaigns/${body.id}`).set(AUTH)).body.counts).toMatchObject({
      calling: 2,
      queued: 4,
    });
    await act(body.id, 'cancel');
    await playAll();
  });

  it('should stop for the day at its daily call limit', async () => {
    // The day's calls are counted by the database's own timestamps: this test runs on the real clock,
    // with candidates in a zone where it is the middle of the day now (and at this hour tomorrow).
    now = new Date();
    const zone = [
      'Pacific/Kiritimati',
      'Asia/Tokyo',
      'Asia/Kolkata',
      'Europe/London',
      'America/New_York',
      'Pacific/Honolulu',
    ].find((name) => {
      const hour = Number(
        new Intl.DateTimeFormat('en-US', { timeZone: name, hour: 'numeric', hourCycle: 'h23' }).format(now),
      );
      return hour >= 10 && hour <= 18;
    })!;
    const people = await Promise.all([1, 2, 3].map(() => candidate('904', { timezone: zone })));
    const { body } = await create({
      name: 'Daily limit',
      candidate_ids: people.map((p) => p.id),
      daily_call_limit: 2,
      retry_delays: ['P2D'],
      calling_days: [1, 2, 3, 4, 5, 6, 7],
    });
    const before = creates().length;
    await act(body.id, 'start');
    await dispatcher().dispatch();
    await playAll();
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(2);
    expect((await http().get(`/api/campaigns/${body.id}`).set(AUTH)).body.counts).toMatchObject({ queued: 1 });
    now = new Date(now.getTime() + 24 * 3_600_000); // the next day
    await dispatcher().dispatch();
    expect(creates().length - before).toBe(3);
    await act(body.id, 'cancel');
    await playAll();
  });

  it('should treat a Retell 429 as no attempt and retry it with backoff', async () => {
    const limited = await candidate('904');
    const { body } = await create({ name: 'Rate limited', candidate_ids: [limited.id] });
    sim.failNext('create', 429, 'rate limited', { 'retry-after': '1' });
    await act(body.id, 'start');
    await dispatcher().dispatch();
    const deferred = await memberOf(body.id, limited.id);
    expect(deferred).toMatchObject({ state: 'retry_scheduled', attempts: 0 });
    expect(new Date(deferred.next_attempt_at!).getTime()).toBe(AFTERNOON_NY.getTime() + 30_000);
    now = new Date(AFTERNOON_NY.getTime() + 30_000);
    await dispatcher().dispatch();
    expect(await memberOf(body.id, limited.id)).toMatchObject({ state: 'calling', attempts: 1 });
    await act(body.id, 'cancel');
    await playAll();
  });

  it('should skip erased and do-not-call candidates, also when it happens between attempts', async () => {
    const [erased, dnc, later] = await Promise.all([candidate('904'), candidate('904'), candidate('904')]);
    const { body } = await create({ name: 'Stops', candidate_ids: [erased.id, dnc.id, later.id] });
    expect((await http().delete(`/api/candidates/${erased.id}`).set(AUTH)).status).toBe(204);
    expect((await http().patch(`/api/candidates/${dnc.id}`).set(AUTH).send({ do_not_call: true })).status).toBe(200);
    await act(body.id, 'start');
    await dispatcher().dispatch();
    await playAll();
    let all = await members(body.id);
    expect(all.find((m) => m.candidate_id === null)).toMatchObject({ state: 'skipped', skip_reason: 'erased' });
    expect(all.find((m) => m.candidate_id === dnc.id)).toMatchObject({ state: 'skipped', skip_reason: 'do_not_call' });
    expect(all.find((m) => m.candidate_id === later.id)).toMatchObject({ state: 'retry_scheduled', attempts: 1 });

    expect((await http().patch(`/api/candidates/${later.id}`).set(AUTH).send({ do_not_call: true })).status).toBe(200);
    now = new Date(AFTERNOON_NY.getTime() + 4 * HOUR);
    await dispatcher().dispatch();
    all = await members(body.id);
    expect(all.find((m) => m.candidate_id === later.id)).toMatchObject({
      state: 'skipped',
      skip_reason: 'do_not_call',
      attempts: 1,
    });
    expect((await http().get(`/api/campaigns/${body.id}`).set(AUTH)).body.status).toBe('completed');
  });
});
