import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { spawnService, type ServiceProcess } from '../support/service-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FEED_TOKEN = 'feed-token-7Qm2ZxLw9pKt4RvN8bYc1HdF';

/** An idle connection from `localAddress` (any 127.x address reaches the loopback server); resolves once open or refused. */
function idleSocket(port: number, localAddress: string): Promise<{ socket: Socket; closedAt: () => number | null }> {
  return new Promise((resolve) => {
    let closed: number | null = null;
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => (closed = Date.now()));
    socket.on('connect', () => resolve({ socket, closedAt: () => closed }));
  });
}

/** Issue 19, item 7: one client cannot exhaust the limits others share. */
describe('limits per client', () => {
  describe('connections (HTTP_MAX_CONNECTIONS=20, HTTP_MAX_CONNECTIONS_PER_IP=5)', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      t = await startTestApp({
        HTTP_MAX_CONNECTIONS: '20',
        HTTP_MAX_CONNECTIONS_PER_IP: '5',
      });
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    });
    afterAll(async () => {
      await t.close();
    });

    it('should close one address’s connections past its cap at once, and keep serving the others', async () => {
      const idle = await Promise.all(Array.from({ length: 30 }, () => idleSocket(port, '127.0.0.2')));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const held = idle.filter((c) => c.closedAt() === null);
      expect(held).toHaveLength(5);

      try {
        // Another address, within its own cap of 5: one request at a time (12 at once would pass
        // 127.0.0.1's own cap whenever they overlap, as on a busy machine).
        const answers: (number | string)[] = [];
        for (let i = 0; i < 12; i++) {
          answers.push(
            await request(`http://127.0.0.1:${port}`)
              .get('/api/health')
              .then(
                (res) => res.status,
                () => 'failed',
              ),
          );
        }
        expect(answers.filter((status) => status !== 200)).toEqual([]);
      } finally {
        for (const { socket } of idle) socket.destroy();
      }
    });
  });

  describe('rate limits of the built service (node dist/main.js; Jest runs a stand-in throttler)', () => {
    // One service for both properties (a start on PGlite costs an initdb): THROTTLE_LIMIT=10 behind a trusted proxy.
    let service: ServiceProcess | undefined;
    beforeAll(async () => {
      service = await spawnService({ THROTTLE_LIMIT: '10', TRUST_PROXY: 'loopback', CALENDAR_FEED_TOKEN: FEED_TOKEN });
    }, 120_000);
    afterAll(async () => {
      await service?.stop('SIGKILL');
      await service?.cleanup();
    });
    const from = (client: string, path = '/api/candidates', authorization = 'Bearer made-up-key-0123456789') =>
      fetch(`${service!.baseUrl}${path}`, { headers: { 'x-forwarded-for': client, authorization } }).then(
        (res) => res.status,
      );

    it('should still serve the calendar feed to an address that tried ten made-up API keys', async () => {
      for (let i = 0; i < 10; i++)
        expect(await from('203.0.113.7', '/api/candidates', `Bearer made-up-${i}-0123456789`)).toBe(401);
      expect(await from('203.0.113.7')).toBe(429);
      expect(await from('203.0.113.7', `/api/calendar.ics?token=${FEED_TOKEN}`)).toBe(200);
      // The start-up log names where the console is (issue 19, item 15).
      const port = new URL(service!.baseUrl).port;
      expect(service!.output()).toContain(`recruiter console at http://localhost:${port}/`);
    });

    it('should count each client forwarded by a trusted proxy on its own (TRUST_PROXY=loopback)', async () => {
      expect(await from('203.0.113.7')).toBe(429);
      expect(await from('203.0.113.8')).toBe(401);
    });
  });

  it('should refuse a TRUST_PROXY that is no hop count, address or range, naming it', async () => {
    await expect(startTestApp({ TRUST_PROXY: '10.0.0.300/8' })).rejects.toThrow('TRUST_PROXY');
    await expect(startTestApp({ TRUST_PROXY: 'everyone' })).rejects.toThrow('TRUST_PROXY');
  });
});
