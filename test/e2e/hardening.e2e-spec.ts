import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createCandidate } from '../support/http.js';
import { analyzedCall, newCallId, signedWebhook } from '../support/retell-fixtures.js';
import { RETELL_KEY, startTestApp, type TestApp } from '../support/test-app.js';

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
  });
});
