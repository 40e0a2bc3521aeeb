/**
 * Recruiters' reports never starve ingestion (Postgres only: PGlite has one connection, see
 * docs/architecture.md, "Recruiter reads"). Ten recruiters loop over a wide analytics summary of a
 * heavy history while Retell delivers a stream of webhooks: every webhook is stored and applied,
 * and a report past its budget is answered 503 `report_timeout` or 429 `report_queue_full`, never 500.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { seedAnalytics } from '../../tools/analytics-seed.js';
import { createCandidate, deliver } from '../support/http.js';
import { analyzedCall, newCallId } from '../support/retell-fixtures.js';
import { AUTH, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
/** Heavy enough that ten loops of the 30-day summary would keep a 4-connection pool busy on a 2-core machine. */
const SEED = { calls: 300_000, candidates: 20_000, days: 30 };
const RECRUITERS = 10;
const WEBHOOKS = 16;

(TEST_DATABASE_URL ? describe : describe.skip)('recruiter reports next to ingestion (Postgres)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A small main pool, so that a moderate history starves it under the old wiring.
    t = await startTestApp({ DB_POOL_MAX: '4' });
    const url = new URL(TEST_DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${t.schema}`);
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      await seedAnalytics(db, SEED);
    } finally {
      await db.end();
    }
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('should store and apply every webhook while ten recruiters loop over a 30-day summary', async () => {
    const server = t.app.getHttpServer();
    const candidates = await Promise.all(Array.from({ length: WEBHOOKS }, () => createCandidate(t.app)));
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 30 * DAY).toISOString();
    const reports: { status: number; code?: string; ms: number }[] = [];
    let streaming = true;
    const recruiter = async () => {
      while (streaming) {
        const began = performance.now();
        const res = await request(server).get('/api/analytics/summary').query({ from, to }).set(AUTH);
        reports.push({ status: res.status, code: (res.body as { code?: string }).code, ms: performance.now() - began });
      }
    };
    const loops = Array.from({ length: RECRUITERS }, recruiter);
    // Let the loops fill whatever they can take before Retell starts delivering.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const webhooks: { status: number; callId: string; candidateId: number; ms: number }[] = [];
    try {
      for (const candidate of candidates) {
        const callId = newCallId();
        const began = performance.now();
        const res = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: candidate.id }));
        webhooks.push({ status: res.status, callId, candidateId: candidate.id, ms: performance.now() - began });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    } finally {
      streaming = false;
      await Promise.all(loops);
    }

    // Each webhook is answered 200 (it waited on no report), stored and applied.
    expect(webhooks.filter((w) => w.status !== 200)).toEqual([]);
    const stored = await t.dataSource.query<{ call_id: string; candidate_id: number }[]>(
      'SELECT call_id, candidate_id FROM retell_calls WHERE call_id = ANY($1)',
      [webhooks.map((w) => w.callId)],
    );
    expect(stored).toHaveLength(WEBHOOKS);
    const applied = await t.dataSource.query<{ outcome: string }[]>(
      'SELECT outcome FROM retell_webhook_events WHERE call_id = ANY($1)',
      [webhooks.map((w) => w.callId)],
    );
    expect(applied.map((e) => e.outcome)).toEqual(Array(WEBHOOKS).fill('applied'));
    // Reports answer or are turned away by name, never with a 500 or a generic 503.
    expect(reports.length).toBeGreaterThan(0);
    const named = (report: { status: number; code?: string }) =>
      report.status === 200 ||
      (report.status === 503 && report.code === 'report_timeout') ||
      (report.status === 429 && report.code === 'report_queue_full');
    expect(reports.filter((report) => !named(report))).toEqual([]);
    expect(reports.some((report) => report.status === 200)).toBe(true);
  }, 180_000);
});
