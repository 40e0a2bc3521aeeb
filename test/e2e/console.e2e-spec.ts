import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AUTH, startTestApp, type TestApp } from '../support/test-app.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body></body></html>';

/** A bundle large enough to be worth compressing (compression skips bodies under 1 kB). */
const BUNDLE = Array.from({ length: 400 }, (_, i) => `export const value${i} = "console bundle line ${i}";`).join('\n');

describe('the recruiter console at /', () => {
  let t: TestApp;
  let dir: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log("console");');
    writeFileSync(join(dir, 'assets', 'vendor-9f8e.js'), BUNDLE);
    t = await startTestApp({ CALENDAR_FEED_TOKEN: 'feed-token-0123456789abcdef' }, undefined, dir);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should serve the page without a key, under the strict CSP, never cached', async () => {
    const res = await http().get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("media-src 'self' https:");
  });

  it('should serve hashed assets for a year, and answer a missing asset 404 rather than the page', async () => {
    const asset = await http().get('/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await http().get('/assets/app-old.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /assets/app-old.js' });
  });

  it.each(['/candidates/7', '/interviews', '/analytics?from=2026-01-01'])(
    'should answer the page for the console route %s (a reload keeps working)',
    async (path) => {
      const res = await http().get(path);
      expect(res.status).toBe(200);
      expect(res.text).toBe(INDEX);
    },
  );

  it.each([
    ['br', 'br, gzip'],
    ['gzip', 'gzip'],
  ])(
    'should send the bundle compressed with %s to a browser that accepts it, still cached for a year',
    async (encoding, accepted) => {
      const res = await http().get('/assets/vendor-9f8e.js').set('Accept-Encoding', accepted);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    },
  );

  it('should leave /api, /docs and other methods to their own answers', async () => {
    const api = await http().get('/api/nothing-here');
    expect(api.status).toBe(404);
    expect(api.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/nothing-here' });
    expect((await http().get('/api/candidates')).status).toBe(401);
    expect((await http().get('/docs')).text).toContain('swagger-ui');
    const post = await http().post('/candidates/7');
    expect(post.status).toBe(404);
    expect(post.body.message).toBe('Cannot POST /candidates/7');
  });

  it('should tell a recruiter where the feed and its tokens are, never showing the shared token', async () => {
    expect((await http().get('/api/calendar-feed')).status).toBe(401);
    const res = await http().get('/api/calendar-feed').set(AUTH);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      feed_path: '/api/calendar.ics',
      tokens_path: '/api/calendar-feed/tokens',
      active_tokens: 0,
    });
    // The deprecated shared token still opens the feed.
    expect((await http().get('/api/calendar.ics').query({ token: 'feed-token-0123456789abcdef' })).status).toBe(200);
  });
});
