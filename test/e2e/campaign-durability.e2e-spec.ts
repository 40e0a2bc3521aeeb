/**
 * Campaign guarantees across processes: two replicas on one Postgres database dial each attempt
 * once and hold the cap together; a service killed with SIGKILL between recording an attempt and
 * Retell's answer loses nothing and double-dials no one once it is back (the sweep reconciles).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { CampaignDispatcher } from '../../src/campaigns/campaign-dispatcher.service.js';
import { Reconciler } from '../../src/calls/reconciler.service.js';
import { Clock } from '../../src/common/clock.js';
import { RetellSimulator } from '../../tools/retell-simulator.js';
import { spawnService } from '../support/service-process.js';
import { AUTH, RETELL_KEY, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

const CALLING = {
  RETELL_FROM_NUMBER: '+14155550100',
  RETELL_AGENT_ID: 'agent_screening_v3',
  DEFAULT_PHONE_REGION: 'US',
  CALLING_WINDOW: '00:00-24:00',
  RECONCILE_INTERVAL: '0',
  CAMPAIGN_IDLE_MS: '600000',
  CAMPAIGN_ANALYSIS_WAIT_MS: '0',
  CAMPAIGN_RETELL_RESERVE: '0',
};
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

type CreateBody = { metadata: { candidate_id: string; attempt: number } };

describe('campaign durability', () => {
  let sim: RetellSimulator;
  let retellUrl: string;
  const creates = () => sim.requests.filter((r) => r.path === '/v2/create-phone-call').map((r) => r.body as CreateBody);

  beforeAll(async () => {
    sim = new RetellSimulator({ apiKey: RETELL_KEY });
    retellUrl = await sim.start();
  });
  afterAll(async () => {
    await sim.stop();
  });

  (TEST_DATABASE_URL ? it : it.skip)(
    'should dial each attempt once and hold the cap with two replicas on one Postgres database',
    async () => {
      const env = { ...CALLING, RETELL_BASE_URL: retellUrl };
      const a = await startTestApp(env);
      const b = await startTestApp(env, a.schema!);
      try {
        await a.app.listen(0, '127.0.0.1');
        sim.webhookUrl = `http://127.0.0.1:${(a.app.getHttpServer().address() as AddressInfo).port}/api/webhooks/retell`;
        const ids: number[] = [];
        for (let i = 0; i < 30; i++) {
          const res = await request(a.app.getHttpServer())
            .post('/api/candidates')
            .set(AUTH)
            .send({
              first_name: 'R',
              last_name: `Replica${i}`,
              email: `replica${i}@example.com`,
              phone: `+1415${5600 + i}904`,
            });
          ids.push(res.body.id as number);
        }
        const campaign = await request(a.app.getHttpServer())
          .post('/api/campaigns')
          .set(AUTH)
          .send({ name: 'Two replicas', candidate_ids: ids, max_concurrent_calls: 10, calling_days: EVERY_DAY });
        const before = creates().length;
        await request(b.app.getHttpServer()).post(`/api/campaigns/${campaign.body.id}/start`).set(AUTH).expect(200);
        const both = () => Promise.all([a, b, a, b].map((replica) => replica.app.get(CampaignDispatcher).dispatch()));
        await both();
        expect(creates().length - before).toBe(10);
        for (let round = 0; round < 4; round++) {
          for (const [callId, call] of sim.calls) if (call.call_status === 'registered') await sim.play(callId);
          await sim.idle();
          await both();
        }
        const sent = creates().slice(before);
        const keys = sent.map((body) => `${body.metadata.candidate_id}:${body.metadata.attempt}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(sent.map((body) => body.metadata.candidate_id))).toEqual(new Set(ids.map(String)));
        expect(sim.peakConcurrency).toBeLessThanOrEqual(10);
      } finally {
        await b.close();
        await a.close();
      }
    },
    120_000,
  );

  it('should lose nothing and double-dial no one after a SIGKILL between recording an attempt and the dial', async () => {
    sim.hangNextCreate(20_000);
    const service = await spawnService({ ...CALLING, RETELL_BASE_URL: retellUrl, LOG_LEVEL: 'warn' });
    let t: TestApp | undefined;
    try {
      const api = (method: string, path: string, body?: unknown) =>
        fetch(`${service.baseUrl}${path}`, {
          method,
          headers: { ...AUTH, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));
      const ids: number[] = [];
      for (const i of [0, 1]) {
        const made = await api('POST', '/api/candidates', {
          first_name: 'K',
          last_name: `Killed${i}`,
          email: `killed${i}@example.com`,
          phone: `+1415${5700 + i}904`,
        });
        ids.push(made.body.id as number);
      }
      const campaign = await api('POST', '/api/campaigns', {
        name: 'Killed mid-dial',
        candidate_ids: ids,
        max_concurrent_calls: 1,
        calling_days: EVERY_DAY,
      });
      const before = creates().length;
      await api('POST', `/api/campaigns/${String(campaign.body.id)}/start`);
      // Retell has the call (the create hangs before answering): the service dies before knowing its call_id.
      for (let i = 0; i < 100 && creates().length === before; i++) await new Promise((r) => setTimeout(r, 100));
      expect(creates().length - before).toBe(1);
      expect((await service.stop('SIGKILL')).signal).toBe('SIGKILL');

      // Back on the same database, in-process, with the clock past RECONCILE_AFTER.
      t = await startTestApp(
        {
          ...CALLING,
          RETELL_BASE_URL: retellUrl,
          ...(service.database.pgliteDir ? { PGLITE_DATA_DIR: service.database.pgliteDir } : {}),
        },
        service.database.schema,
      );
      await t.app.listen(0, '127.0.0.1');
      sim.webhookUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/webhooks/retell`;
      const dispatcher = t.app.get(CampaignDispatcher);
      await dispatcher.dispatch();
      expect(creates().length - before).toBe(1); // the attempt in doubt blocks a redial
      const later = new Date(Date.now() + 20 * 60_000);
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => later);
      const report = await t.app.get(Reconciler).sweep();
      expect(report).toMatchObject({ checked: 1, updated: 1 });
      const [callId] = [...sim.calls.entries()].find(([, call]) => call.to_number === '+14155700904')!;
      await sim.play(callId);
      await dispatcher.dispatch();
      const members = await request(t.app.getHttpServer())
        .get(`/api/campaigns/${String(campaign.body.id)}/candidates`)
        .set(AUTH);
      expect(members.body.items).toMatchObject([
        {
          candidate_id: ids[0],
          state: 'retry_scheduled',
          attempts: 1,
          last_outcome: 'no_answer',
          last_call_id: callId,
        },
        { candidate_id: ids[1], state: 'calling', attempts: 1 },
      ]);
      const perCandidate = creates()
        .slice(before)
        .map((body) => body.metadata.candidate_id);
      expect(perCandidate).toEqual([String(ids[0]), String(ids[1])]);
    } finally {
      await sim.idle();
      await t?.close();
      await service.stop('SIGKILL');
      await service.cleanup();
    }
  }, 120_000);
});
