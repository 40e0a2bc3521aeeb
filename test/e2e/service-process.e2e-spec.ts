import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import Retell from 'retell-sdk';
import { queryDatabase } from '../support/database-probe.js';
import { analyzedCall, newCallId, startedCall } from '../support/retell-fixtures.js';
import { freePort } from '../../tools/free-port.js';
import { spawnService, type ServiceProcess } from '../support/service-process.js';
import { API_KEY, RETELL_KEY } from '../support/test-app.js';

/** The machine's Redis (see docs/testing.md). */
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The built service in a child process: limits, shutdown and logs as an operator sees them. */
describe('the built service (node dist/main.js)', () => {
  const started: ServiceProcess[] = [];
  const start = async (env: Record<string, string> = {}): Promise<ServiceProcess> => {
    const service = await spawnService(env);
    started.push(service);
    return service;
  };
  afterAll(async () => {
    for (const service of started) {
      await service.stop('SIGKILL');
      await service.cleanup();
    }
  });

  const api = (service: ServiceProcess, path: string, init: RequestInit = {}, key = API_KEY) =>
    fetch(`${service.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  const webhook = async (service: ServiceProcess, event: string, call: object, sign = true) => {
    const body = JSON.stringify({ event, call });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (sign) headers['x-retell-signature'] = await Retell.sign(body, RETELL_KEY);
    return fetch(`${service.baseUrl}/api/webhooks/retell`, { method: 'POST', headers, body });
  };

  it('should rate-limit recruiter requests with 429 and Retry-After, but never the webhook or health', async () => {
    const service = await start({ THROTTLE_LIMIT: '5', THROTTLE_TTL: '60' });

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api(service, '/api/candidates')).status);
    const limited = await api(service, '/api/candidates');

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    for (let i = 0; i < 15; i++) {
      expect(
        (await webhook(service, 'transcript_updated', startedCall({ callId: newCallId(), candidateId: 1 }))).status,
      ).toBe(200);
      expect((await fetch(`${service.baseUrl}/api/health`)).status).toBe(200);
    }
  });

  describe('rate-limit identity (THROTTLE_LIMIT=5)', () => {
    const SECOND_KEY = 'second-recruiter-key-4d2b9e-7QmZx1pLw';
    const THIRD_KEY = 'third-recruiter-key-8a1f3c-Rt5vN2kYq';
    let service: ServiceProcess;
    const statuses = async (requests: (() => Promise<Response>)[]): Promise<number[]> => {
      const answers: number[] = [];
      for (const send of requests) answers.push((await send()).status);
      return answers;
    };
    const withHeader =
      (authorization: string, path = '/api/candidates') =>
      () =>
        fetch(`${service.baseUrl}${path}`, { headers: { authorization } });

    it('should count made-up keys against the IP, not a fresh bucket each, and leave valid keys their own', async () => {
      service = await start({ THROTTLE_LIMIT: '5', API_KEYS: `${API_KEY},${SECOND_KEY},${THIRD_KEY}` });
      const guesses = Array.from({ length: 7 }, (_, i) => withHeader(`Bearer guessed-key-${i}-${randomUUID()}`));

      expect(await statuses(guesses)).toEqual([401, 401, 401, 401, 401, 429, 429]);
      expect(await statuses([withHeader('Basic abc'), () => fetch(`${service.baseUrl}/api/candidates`)])).toEqual([
        429, 429,
      ]);
      expect((await withHeader(`Bearer ${API_KEY}`)()).status).toBe(200);
    });

    it('should count a valid key once however "Bearer" is spelled', async () => {
      const spellings = ['Bearer', 'bearer', 'BEARER', 'bEaReR', ' Bearer', 'Bearer', 'bearer'].map((scheme, i) =>
        withHeader(`${scheme} ${SECOND_KEY}${i % 2 ? ' ' : ''}`),
      );
      expect(await statuses(spellings)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    });

    it('should count one limit across all routes, not one per route', async () => {
      const paths = ['/api/candidates', '/api/webhooks/retell/events', '/api/candidates/1', '/api/calls/call_x'];
      const requests = Array.from({ length: 7 }, (_, i) => withHeader(`Bearer ${THIRD_KEY}`, paths[i % paths.length]));
      expect((await statuses(requests)).map((status) => (status === 429 ? 429 : 'answered'))).toEqual([
        'answered',
        'answered',
        'answered',
        'answered',
        'answered',
        429,
        429,
      ]);
    });
  });

  it('should share the limit between two instances through Redis (REDIS_URL)', async () => {
    const env = { THROTTLE_LIMIT: '6', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `test-${randomUUID()}:` };
    const [first, second] = [await start(env), await start(env)];

    const answers: number[] = [];
    for (let i = 0; i < 10; i++) answers.push((await api(i % 2 ? second : first, '/api/candidates')).status);

    expect(answers).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429, 429]);
    expect(first.output()).not.toContain('Redis unavailable');
  }, 120_000); // two starts, each an initdb on PGlite: over 30 s apiece on a busy machine

  it('should keep answering, limited per instance, when Redis cannot be reached', async () => {
    const closedPort = await freePort();
    const service = await start({ THROTTLE_LIMIT: '3', REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${closedPort}` });

    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await api(service, '/api/candidates')).status);

    expect(answers).toEqual([200, 200, 200, 429, 429]);
    expect(service.output()).toContain('Redis unavailable: rate limits are counted per instance');
    expect(service.output()).not.toContain('s3cret-pass');
  });

  it('should answer an oversized webhook with 413 and stay healthy', async () => {
    const service = await start({ WEBHOOK_BODY_LIMIT: '64kb' });
    const call = { ...analyzedCall({ callId: newCallId(), candidateId: 1 }), transcript: 'x'.repeat(1_000_000) };

    const res = await webhook(service, 'call_analyzed', call);

    expect(res.status).toBe(413);
    expect((await fetch(`${service.baseUrl}/api/health`)).status).toBe(200);
  });

  it('should finish in-flight webhooks on SIGTERM and lose none it acknowledged', async () => {
    const service = await start();
    const candidate = (await (
      await api(service, '/api/candidates', {
        method: 'POST',
        body: JSON.stringify({
          first_name: 'Ada',
          last_name: 'Byron',
          email: 'ada@example.com',
          phone: '+14155550111',
        }),
      })
    ).json()) as { id: number };
    const calls = Array.from({ length: 40 }, () => analyzedCall({ callId: newCallId(), candidateId: candidate.id }));

    const deliveries = calls.map((call) =>
      webhook(service, 'call_analyzed', call).then(
        (r) => r.status,
        () => 0,
      ),
    );
    await Promise.race(deliveries);
    const exit = await service.stop('SIGTERM');
    const statuses = await Promise.all(deliveries);

    // Nest closes the HTTP server (waiting for in-flight requests), then the database, then
    // re-raises the signal: a clean shutdown ends by SIGTERM, not by a crash code.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(service.output()).toContain('Nest application successfully started');
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const acknowledged = calls.filter((_, i) => statuses[i] === 200).map((c) => c.call_id);
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await queryDatabase<{ call_id: string }>(
      service.database,
      `SELECT call_id FROM retell_webhook_events WHERE outcome = 'applied' AND call_id = ANY($1)`,
      [acknowledged],
    );
    expect(stored.map((r) => r.call_id).sort()).toEqual([...acknowledged].sort());
  });

  it('should keep phone numbers, e-mails, transcripts and keys out of its logs, errors and 5xx included', async () => {
    const closedPort = await freePort();
    const service = await start({
      RETELL_FROM_NUMBER: '+14155550100',
      RETELL_AGENT_ID: 'agent_pii_check',
      RETELL_BASE_URL: `http://127.0.0.1:${closedPort}`,
      RETELL_TIMEOUT_MS: '500',
      CALLING_WINDOW: '00:00-24:00',
    });
    const phone = '+14155550987';
    const email = 'sentinel.person@pii-check.example';
    const sentence = 'my sentinel sentence is violet armadillo';
    const profile = { first_name: 'Sentinel', last_name: 'Person', email, phone };

    const created = await api(service, '/api/candidates', { method: 'POST', body: JSON.stringify(profile) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    expect(
      (
        await api(service, '/api/candidates', {
          method: 'POST',
          body: JSON.stringify({ ...profile, email: `${email}@bad` }),
        })
      ).status,
    ).toBe(400);
    expect((await api(service, `/api/candidates?q=${encodeURIComponent(email)}`)).status).toBe(200);
    const call = {
      ...analyzedCall({ callId: newCallId(), candidateId: id }),
      to_number: phone,
      transcript: `User: ${sentence}`,
    };
    expect((await webhook(service, 'call_analyzed', call)).status).toBe(200);
    expect((await webhook(service, 'call_analyzed', { ...call, call_id: newCallId() }, false)).status).toBe(401);
    const save = await api(service, `/api/candidates/${id}/save_retell_call_data/`, {
      method: 'POST',
      body: JSON.stringify({ ...call, call_id: newCallId() }),
    });
    expect(save.status).toBe(200);
    expect((await api(service, '/api/candidates', {}, 'not-the-key-at-all')).status).toBe(401);
    // A 5xx: Retell cannot be reached while dialling the sentinel phone number.
    expect((await api(service, `/api/candidates/${id}/calls`, { method: 'POST', body: '{}' })).status).toBe(502);
    await service.stop('SIGTERM');

    const logs = service.output();
    expect(logs).toMatch(/"statusCode":502/);
    expect(logs).toMatch(/"statusCode":401/);
    for (const secret of [phone, phone.slice(1), email, 'violet armadillo', API_KEY, RETELL_KEY, 'pii-check.example']) {
      expect(logs).not.toContain(secret);
    }
  });
});
