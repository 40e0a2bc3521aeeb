import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import Retell from 'retell-sdk';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { loadConfig } from '../../src/config/app-config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/run-migrations.js';
import { queryDatabase } from '../support/database-probe.js';
import { asJson, inOrderResult } from '../support/in-order.js';
import { analyzedCall, newCallId } from '../support/retell-fixtures.js';
import { spawnService } from '../support/service-process.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import {
  createSchema,
  dropSchema,
  RETELL_KEY,
  startTestApp,
  TEST_DATABASE_URL,
  type TestApp,
} from '../support/test-app.js';

/**
 * Faults of a Postgres server: run when TEST_DATABASE_URL is set (jest.config.js leaves this file
 * out otherwise; the embedded database has no server to lose).
 */
const POSTGRES = TEST_DATABASE_URL!;

async function signed(event: string, call: object): Promise<{ body: string; signature: string }> {
  const body = JSON.stringify({ event, call });
  return { body, signature: await Retell.sign(body, RETELL_KEY) };
}

async function seedCandidates(url: string, count: number): Promise<number[]> {
  const rows = await queryDatabase<{ id: number }>(
    { url },
    `INSERT INTO candidates (first_name, last_name, email, phone)
     SELECT 'Fault', 'Test ' || n, 'fault' || n || '@example.com', '+14155550199' FROM generate_series(1, $1) AS n RETURNING id`,
    [count],
  );
  return rows.map((r) => Number(r.id));
}

describe('when Postgres goes away', () => {
  let proxy: TcpProxy;
  let schema: string;
  let t: TestApp;

  beforeAll(async () => {
    ({ schema } = await createSchema(POSTGRES));
    const target = new URL(POSTGRES);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const port = await proxy.start();
    const proxied = new URL(POSTGRES);
    proxied.port = String(port);
    proxied.searchParams.set('options', `-c search_path=${schema}`);
    t = await startTestApp({ DATABASE_URL: proxied.toString() }, schema);
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
    await dropSchema(POSTGRES, schema);
  });

  it('should answer 503 within 2 s, report it in /api/health, and lose and double nothing once Retell retries', async () => {
    const http = () => request(t.app.getHttpServer());
    const [candidate] = await t.dataSource.query<{ id: number }[]>(
      `INSERT INTO candidates (first_name, last_name, email, phone) VALUES ('Out', 'Age', 'outage@example.com', '+14155550199') RETURNING id`,
    );
    const deliveries = await Promise.all(
      Array.from({ length: 10 }, () =>
        signed('call_analyzed', analyzedCall({ callId: newCallId(), candidateId: candidate.id })),
      ),
    );
    const post = (d: { body: string; signature: string }) =>
      http()
        .post('/api/webhooks/retell')
        .set('Content-Type', 'application/json')
        .set('x-retell-signature', d.signature)
        .send(d.body);

    for (const d of deliveries.slice(0, 5)) expect((await post(d)).status).toBe(200);
    await proxy.cut();
    for (const d of deliveries.slice(5)) {
      const startedAt = Date.now();
      const res = await post(d);
      expect(res.status).toBe(503);
      expect(Date.now() - startedAt).toBeLessThan(2000);
    }
    const health = await http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      statusCode: 503,
      details: { status: 'error', error: { database: { status: 'down' } } },
    });

    await proxy.restore();
    for (let i = 0; i < 50 && (await http().get('/api/health')).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
    for (const d of deliveries) expect((await post(d)).status).toBe(200);

    const rows = await t.dataSource.query<{ applied: number; duplicate: number }[]>(
      `SELECT count(*) FILTER (WHERE outcome = 'applied')::int AS applied, count(*) FILTER (WHERE outcome = 'duplicate')::int AS duplicate
       FROM retell_webhook_events WHERE call_id = ANY($1)`,
      [deliveries.map((d) => (JSON.parse(d.body) as { call: { call_id: string } }).call.call_id)],
    );
    expect(rows[0]).toEqual({ applied: 10, duplicate: 5 });
  });
});

describe('when the service is killed mid-load', () => {
  it('should leave no partial effect and lose nothing once deliveries are re-sent after a restart', async () => {
    const first = await spawnService({ LOG_LEVEL: 'warn' });
    try {
      const url = first.database.url!;
      const ids = await seedCandidates(url, 150);
      const calls = ids.map((id) => analyzedCall({ callId: newCallId(), candidateId: id }));
      const deliveries = await Promise.all(calls.map((call) => signed('call_analyzed', call)));
      const send = (base: string, d: { body: string; signature: string }) =>
        fetch(`${base}/api/webhooks/retell`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-retell-signature': d.signature },
          body: d.body,
        }).then(
          (r) => r.status,
          () => 0,
        );

      let answered = 0;
      let killed: Promise<unknown> | undefined;
      await Promise.all(
        Array.from({ length: 16 }, async (_, lane) => {
          for (let i = lane; i < deliveries.length; i += 16) {
            await send(first.baseUrl, deliveries[i]);
            if (++answered === 40) killed = first.stop('SIGKILL');
          }
        }),
      );
      await killed;
      const before = await queryDatabase<{ n: number }>(
        { url },
        `SELECT count(*)::int AS n FROM retell_webhook_events`,
      );
      expect(before[0].n).toBeGreaterThan(0);
      expect(before[0].n).toBeLessThan(deliveries.length);

      const second = await first.restart();
      try {
        // As Retell does: a 503 (a pool or lock wait past DB_TIMEOUT_MS on a busy machine) is sent again.
        const deliver = async (d: (typeof deliveries)[number]): Promise<number> => {
          for (let attempt = 0; attempt < 3; attempt++) {
            const status = await send(second.baseUrl, d);
            if (status !== 503) return status;
          }
          return send(second.baseUrl, d);
        };
        const statuses = await Promise.all(deliveries.map(deliver));
        expect(statuses.filter((s) => s !== 200)).toEqual([]);
      } finally {
        await second.stop('SIGKILL');
      }

      const perDelivery = await queryDatabase<{ applied: number }>(
        { url },
        `SELECT count(*) FILTER (WHERE outcome = 'applied')::int AS applied FROM retell_webhook_events GROUP BY call_id, event`,
      );
      expect(perDelivery).toHaveLength(calls.length);
      expect(perDelivery.every((r) => r.applied === 1)).toBe(true);
      const orphanedUpdates = await queryDatabase<{ n: number }>(
        { url },
        `SELECT count(*)::int AS n FROM candidates c WHERE c.retell_call_id IS NOT NULL AND NOT EXISTS
           (SELECT 1 FROM retell_webhook_events e WHERE e.call_id = c.retell_call_id AND e.outcome = 'applied')`,
      );
      const eventsWithoutEffect = await queryDatabase<{ n: number }>(
        { url },
        `SELECT count(*)::int AS n FROM retell_webhook_events e WHERE e.outcome = 'applied' AND NOT EXISTS
           (SELECT 1 FROM candidates c WHERE c.retell_call_id = e.call_id)`,
      );
      expect([orphanedUpdates[0].n, eventsWithoutEffect[0].n]).toEqual([0, 0]);
      const sample = await queryDatabase<Record<string, unknown>>(
        { url },
        `SELECT status, retell_call_id, retell_interview_scheduled, retell_call_summary FROM candidates WHERE id = $1`,
        [ids[0]],
      );
      const expected = inOrderResult([
        { callId: calls[0].call_id, events: [{ event: 'call_analyzed', call: calls[0] }] },
      ]);
      expect(sample[0]).toEqual(
        asJson({
          status: expected.status,
          retell_call_id: expected.fields!.retell_call_id,
          retell_interview_scheduled: expected.fields!.retell_interview_scheduled,
          retell_call_summary: expected.fields!.retell_call_summary,
        }),
      );
    } finally {
      await first.stop('SIGKILL');
      await first.cleanup();
    }
  });
});

describe('when a candidate row is held by another session', () => {
  it('should give up the lock wait after DB_TIMEOUT_MS with 503 and Retry-After, store nothing, and apply the retry once the row is free', async () => {
    const t = await startTestApp({ DB_TIMEOUT_MS: '400' });
    const url = new URL(POSTGRES);
    url.searchParams.set('options', `-c search_path=${t.schema}`);
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect();
    try {
      // Every pooled session has the bound (it is sent at connect, not by a SET that a new session would miss).
      const settings = await Promise.all(
        Array.from({ length: 3 }, () => t.dataSource.query<{ lock_timeout: string }[]>('SHOW lock_timeout')),
      );
      expect(settings.map(([row]) => row.lock_timeout)).toEqual(['400ms', '400ms', '400ms']);
      const [candidate] = await t.dataSource.query<{ id: number }[]>(
        `INSERT INTO candidates (first_name, last_name, email, phone) VALUES ('Held', 'Row', 'held@example.com', '+14155550199') RETURNING id`,
      );
      const call = analyzedCall({ callId: newCallId(), candidateId: candidate.id });
      const d = await signed('call_analyzed', call);
      const post = () =>
        request(t.app.getHttpServer())
          .post('/api/webhooks/retell')
          .set('Content-Type', 'application/json')
          .set('x-retell-signature', d.signature)
          .send(d.body);

      await holder.query('BEGIN');
      await holder.query('SELECT id FROM candidates WHERE id = $1 FOR UPDATE', [candidate.id]);
      const startedAt = Date.now();
      const refused = await post();
      const waited = Date.now() - startedAt;
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toMatchObject({ statusCode: 503, message: 'The event could not be stored; retry later' });
      // It waited for the lock, then gave up after lock_timeout, far below Retell's 10 s.
      expect(waited).toBeGreaterThanOrEqual(350);
      expect(waited).toBeLessThan(2000);
      const stored = () =>
        t.dataSource.query<{ outcome: string }[]>('SELECT outcome FROM retell_webhook_events WHERE call_id = $1', [
          call.call_id,
        ]);
      expect(await stored()).toEqual([]);

      await holder.query('ROLLBACK');
      const retried = await post();
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ outcome: 'applied', candidate_id: candidate.id });
      expect(await stored()).toEqual([{ outcome: 'applied' }]);
    } finally {
      await holder.end();
      await t.close();
    }
  });
});

describe('when instances start at the same moment on a new database', () => {
  it('should run each migration once, under the advisory lock', async () => {
    const { schema, databaseUrl } = await createSchema(POSTGRES);
    const { config } = loadConfig({
      NODE_ENV: 'test',
      RETELL_API_KEY: RETELL_KEY,
      API_KEYS: 'recruiter-key-1',
      DATABASE_URL: databaseUrl,
    });
    const sources = await Promise.all(
      Array.from({ length: 4 }, () => new DataSource(dataSourceOptions(config, MIGRATIONS)).initialize()),
    );
    try {
      const applied = await Promise.all(sources.map((source) => runMigrations(source, true)));

      // Every migration of the list, whatever it holds by now, applied by exactly one source.
      const names = MIGRATIONS.map((migration) => new migration().name).sort();
      expect(names).toEqual(expect.arrayContaining(['CallAttempts1763769600000', 'InitialSchema1763683200000']));
      expect(applied.flat().sort()).toEqual(names);
      const runs = await sources[0].query<{ name: string; n: number }[]>(
        'SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY name',
      );
      expect(runs).toEqual(names.map((name) => ({ name, n: 1 })));
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
      await dropSchema(POSTGRES, schema);
    }
  });
});
