import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createCandidate } from '../support/http.js';
import { analyzedCall, newCallId, signedWebhook } from '../support/retell-fixtures.js';
import { slowClient } from '../support/slow-client.js';
import { AUTH, RETELL_KEY, startTestApp, type TestApp } from '../support/test-app.js';

/** Section 5 of issue 7: each finding from attacking the service, as a test that fails without its fix. */
describe('hardening', () => {
  describe('with the default configuration', () => {
    let t: TestApp;
    let id: number;
    const http = () => request(t.app.getHttpServer());
    const storedEvents = async (): Promise<number> =>
      Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM retell_webhook_events'))[0].n);

    beforeAll(async () => {
      t = await startTestApp();
      id = (await createCandidate(t.app)).id;
    });
    afterAll(async () => {
      await t.close();
    });

    describe('compressed webhook bodies', () => {
      const bomb = gzipSync(Buffer.alloc(5_000_000, 0x20));

      it('should refuse an unsigned gzip bomb with 415 before inflating it', async () => {
        const res = await http()
          .post('/api/webhooks/retell')
          .set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
          .send(bomb);
        expect(bomb.length).toBeLessThan(10_000);
        expect(res.status).toBe(415);
        expect(res.body).toEqual({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: 'Unsupported body encoding',
        });
      });

      it.each([
        ['gzip', gzipSync],
        ['deflate', deflateSync],
        ['br', brotliCompressSync],
      ])('should refuse a correctly signed body compressed with %s, and store nothing', async (encoding, compress) => {
        const { body, signature } = await signedWebhook(
          'call_analyzed',
          analyzedCall({ callId: newCallId() }),
          RETELL_KEY,
        );
        const before = await storedEvents();
        const res = await http()
          .post('/api/webhooks/retell')
          .set({ 'Content-Type': 'application/json', 'Content-Encoding': encoding, 'x-retell-signature': signature })
          .send(compress(Buffer.from(body)));
        expect(res.status).toBe(415);
        expect(await storedEvents()).toBe(before);
      });

      it('should still accept an uncompressed body that says Content-Encoding: identity', async () => {
        const { body, signature } = await signedWebhook(
          'call_analyzed',
          analyzedCall({ callId: newCallId(), candidateId: id }),
          RETELL_KEY,
        );
        const res = await http()
          .post('/api/webhooks/retell')
          .set({ 'Content-Type': 'application/json', 'Content-Encoding': 'identity', 'x-retell-signature': signature })
          .send(body);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ outcome: 'applied', candidate_id: id });
      });
    });

    describe('path ids and integer query parameters', () => {
      // Each of these reads candidate `id` (or 1000 for 1e3) through Number(); none is a decimal integer.
      const lookalikes = (n: number): string[] => [
        `0x${n.toString(16)}`,
        `+${n}`,
        `0${n}`,
        `${n}e0`,
        `${n}.0`,
        ` ${n}`,
        `${n} `,
        `0b${n.toString(2)}`,
        '1e3',
        '0',
        '-1',
        '2147483648',
        '99999999999',
        '',
      ];

      it('should read a candidate by its plain decimal id', async () => {
        expect((await http().get(`/api/candidates/${id}`).set(AUTH)).status).toBe(200);
        expect((await http().get(`/api/candidates/2147483647`).set(AUTH)).status).toBe(404);
      });

      it('should answer 400 naming id to every other spelling of a number, on every route with an id', async () => {
        const routes = [
          (p: string) => http().get(`/api/candidates/${p}`),
          (p: string) => http().patch(`/api/candidates/${p}`).send({ position: 'x' }),
          (p: string) => http().post(`/api/candidates/${p}/save_retell_call_data`).send({ call_id: newCallId() }),
          (p: string) => http().get(`/api/candidates/${p}/calls`),
          (p: string) => http().post(`/api/candidates/${p}/calls`),
          (p: string) => http().post(`/api/webhooks/retell/events/${p}/replay`),
        ];
        const answers: string[] = [];
        for (const text of lookalikes(id).filter((text) => text !== '')) {
          for (const route of routes) {
            const res = await route(encodeURIComponent(text)).set(AUTH);
            answers.push(`${JSON.stringify(text)} ${res.status} ${String(res.body.message)}`);
          }
        }
        expect(answers.filter((answer) => !answer.endsWith(' 400 id must be a positive integer'))).toEqual([]);
      });

      it.each(['/api/candidates', '/api/webhooks/retell/events'])(
        'should accept limit=5 on %s and refuse every other spelling of it with 400 naming limit',
        async (path) => {
          expect((await http().get(path).query({ limit: '5' }).set(AUTH)).status).toBe(200);
          const answers: string[] = [];
          for (const text of ['0x5', '+5', '05', '5e0', '5.0', ' 5', '5 ', '0b101', '1e1', '']) {
            const res = await http().get(path).query({ limit: text }).set(AUTH);
            answers.push(`${JSON.stringify(text)} ${res.status} ${JSON.stringify(res.body.details)}`);
          }
          expect(answers.filter((answer) => !/ 400 \[\{"field":"limit"/.test(answer))).toEqual([]);
        },
      );
    });

    describe('prototype keys in recruiter JSON', () => {
      // Written as text: in an object literal `__proto__` would set the prototype, not a key.
      const profile = (extra: string): string =>
        `{"first_name":"Proto","last_name":"Type","email":"proto${Math.random()}@example.com","phone":"+14155550123",${extra}}`;
      const json = { 'Content-Type': 'application/json', ...AUTH };

      it.each([
        ['__proto__', '"__proto__":{"status":"hired"}'],
        ['constructor', '"constructor":{"prototype":{"status":"hired"}}'],
      ])('should refuse a top-level %s key on create with 400 naming it, and create nothing', async (key, extra) => {
        const before = (await http().get('/api/candidates').query({ limit: '100' }).set(AUTH)).body.items.length;
        const res = await http().post('/api/candidates').set(json).send(profile(extra));
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: `property ${key} should not exist`,
          details: [{ field: key, errors: [`property ${key} should not exist`] }],
        });
        expect((await http().get('/api/candidates').query({ limit: '100' }).set(AUTH)).body.items.length).toBe(before);
      });

      it('should refuse __proto__ on update, and leave the candidate as it was', async () => {
        const res = await http()
          .patch(`/api/candidates/${id}`)
          .set(json)
          .send('{"position":"Changed","__proto__":{"status":"hired"}}');
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([{ field: '__proto__', errors: ['property __proto__ should not exist'] }]);
        const candidate = (await http().get(`/api/candidates/${id}`).set(AUTH)).body as { position: string };
        expect(candidate.position).not.toBe('Changed');
      });

      it('should name nested prototype keys by their path, in free-form objects too', async () => {
        const call = JSON.stringify(analyzedCall({ callId: newCallId(), candidateId: id }))
          .replace('"call_analysis":{', '"call_analysis":{"__proto__":{"call_successful":true},')
          .replace('"metadata":{', '"metadata":{"constructor":{"prototype":{"x":1}},');
        const res = await http().post(`/api/candidates/${id}/save_retell_call_data`).set(json).send(call);
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([
          { field: 'metadata.constructor', errors: ['property metadata.constructor should not exist'] },
          { field: 'call_analysis.__proto__', errors: ['property call_analysis.__proto__ should not exist'] },
        ]);
      });

      it('should refuse __proto__ inside an array item and in the call request', async () => {
        const call = JSON.stringify(analyzedCall({ callId: newCallId(), candidateId: id })).replace(
          '"transcript_object":[{',
          '"transcript_object":[{"__proto__":{"role":"agent"},',
        );
        const saved = await http().post(`/api/candidates/${id}/save_retell_call_data`).set(json).send(call);
        expect(saved.status).toBe(400);
        expect(saved.body.details).toEqual([
          {
            field: 'transcript_object.0.__proto__',
            errors: ['property transcript_object.0.__proto__ should not exist'],
          },
        ]);
        const placed = await http()
          .post(`/api/candidates/${id}/calls`)
          .set(json)
          .send('{"dynamic_variables":{"__proto__":{"x":"y"}}}');
        expect(placed.status).toBe(400);
        expect(placed.body.details).toEqual([
          { field: 'dynamic_variables.__proto__', errors: ['property dynamic_variables.__proto__ should not exist'] },
        ]);
      });

      it('should refuse __proto__ in a query string', async () => {
        const res = await http().get('/api/candidates?__proto__=x').set(AUTH);
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([{ field: '__proto__', errors: ['property __proto__ should not exist'] }]);
      });
    });

    describe('security headers and unknown routes', () => {
      const expectSecurityHeaders = (headers: Record<string, string>): void => {
        expect(headers['content-security-policy']).toContain("default-src 'self'");
        expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
        expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
        expect(headers['referrer-policy']).toBe('no-referrer');
        expect(headers['cross-origin-opener-policy']).toBe('same-origin');
        expect(headers['x-powered-by']).toBeUndefined();
      };

      it('should send security headers on every kind of answer', async () => {
        const answers = [
          await http().get('/api/health'),
          await http().get('/api/candidates').set(AUTH),
          await http().get('/api/candidates'),
          await http().post('/api/webhooks/retell').set('Content-Type', 'application/json').send('{}'),
          await http().get('/api/candidates/abc').set(AUTH),
          await http().get('/docs'),
          await http().get('/docs-json'),
          await http().get('/no-such-page'),
        ];
        expect(answers.map((res) => res.status)).toEqual([200, 200, 401, 401, 400, 200, 200, 404]);
        for (const res of answers) expectSecurityHeaders(res.headers as Record<string, string>);
      });

      it('should serve Swagger UI under its CSP: no inline script, every script and style from /docs itself', async () => {
        const page = await http().get('/docs');
        expect(page.status).toBe(200);
        const csp = page.headers['content-security-policy'] as string;
        expect(csp).toContain("script-src 'self'");
        expect(csp).toMatch(/style-src [^;]*'unsafe-inline'/); // Swagger UI's page has <style> blocks
        expect(page.text.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
        const assets = [...page.text.matchAll(/(?:src|href)="(\.\/docs\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
        expect(assets).toEqual(
          expect.arrayContaining(['./docs/swagger-ui-bundle.js', './docs/swagger-ui-init.js', './docs/swagger-ui.css']),
        );
        for (const asset of assets) {
          const res = await http().get(asset.replace(/^\./, ''));
          expect([asset, res.status]).toEqual([asset, 200]);
          expect(res.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
        }
        const init = await http().get('/docs/swagger-ui-init.js');
        expect(init.text).toContain('"/api/candidates"');
      });

      it.each([
        ['GET', '/no-such-page'],
        ['GET', '/'],
        ['POST', '/docs'],
        ['DELETE', '/docs-json'],
        ['GET', '/%ff'],
        ['PUT', '/api/candidates'],
        ['GET', '/api/webhooks/retell'],
      ])('should answer %s %s with the JSON 404 envelope, not an HTML page', async (method, path) => {
        const res = await http()[method.toLowerCase() as 'get'](path).set(AUTH);
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
        expect(res.body.message).toMatch(new RegExp(`^Cannot ${method} /`));
      });
    });
  });

  describe('slow and idle clients (headers 1 s, request 2 s, keep-alive 0.5 s, 3 connections)', () => {
    let t: TestApp;
    let port: number;

    beforeAll(async () => {
      t = await startTestApp({
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
        HTTP_MAX_CONNECTIONS: '3',
      });
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    });
    afterAll(async () => {
      await t.close();
    });

    it('should drop a client that sends a header line every 300 ms with 408 after about a second', async () => {
      const result = await slowClient(
        port,
        'GET /api/health HTTP/1.1\r\nHost: localhost\r\n',
        (i) => `X-Slow-${i}: a\r\n`,
        300,
        15_000,
      );
      expect(result.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(result.heldMs).toBeLessThan(4_000); // Node's default: about 60 s
      // The error envelope, as on every other error answer (Node's own 408 has no body).
      expect(JSON.parse(result.body)).toMatchObject({ statusCode: 408, error: 'Request Timeout' });
    });

    it('should drop a webhook body sent a byte every 300 ms with 408 after about two seconds', async () => {
      const result = await slowClient(
        port,
        'POST /api/webhooks/retell HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
        () => ' ',
        300,
        15_000,
      );
      expect(result.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(result.heldMs).toBeGreaterThan(1_500);
      expect(result.heldMs).toBeLessThan(5_000); // Node's default: about 300 s
    });

    it('should close an idle keep-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
      const result = await slowClient(
        port,
        'GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n',
        () => '',
        60_000,
        15_000,
      );
      expect(result.statusLine).toBe('HTTP/1.1 200 OK');
      expect(result.heldMs).toBeLessThan(3_000); // Node's default: 5 s
    });

    it('should close connections past HTTP_MAX_CONNECTIONS at once, and accept again when one closes', async () => {
      const idle = (): Promise<{ heldMs: number; statusLine: string | null }> =>
        slowClient(port, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n', () => '', 60_000, 15_000);
      const held = [idle(), idle(), idle()];
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = await idle();
      expect(refused.statusLine).toBeNull();
      expect(refused.heldMs).toBeLessThan(500);
      await Promise.all(held); // the headers timeout closes them
      expect((await request(t.app.getHttpServer()).get('/api/health')).status).toBe(200);
    });
  });
});
