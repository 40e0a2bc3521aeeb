/**
 * `npm run bench:analytics` (also the last part of `npm run bench`): how fast the analytics
 * endpoints answer as the history grows (issue 9).
 *
 * - Postgres: 100,000 candidates and 1,000,000 calls over the last 365 days (seeded with SQL into
 *   a schema of its own, then VACUUM ANALYZE), with the kinds, costs and analysis values real
 *   calls have and one interview per booking; then `GET /api/analytics/summary` (30 days) and
 *   `GET /api/analytics/timeseries` (90 days, daily, America/New_York), each timed over
 *   BENCH_ANALYTICS_REQUESTS sequential requests through the service. Targets: p99 ≤ 100 ms for
 *   the 30-day summary, ≤ 150 ms for the others.
 * - PGlite: 10,000 calls through signed webhooks (the service's own database is in-process), then
 *   the same requests. Target: p99 ≤ 1 s.
 *
 * Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_ANALYTICS_CALLS
 * (1,000,000), BENCH_ANALYTICS_CANDIDATES (100,000), BENCH_PGLITE_CALLS (10,000),
 * BENCH_ANALYTICS_REQUESTS (200), BENCH_ANALYTICS_SKIP_PGLITE=1.
 *
 * Stored call objects are stubs here: a real one (transcript with word timings, tens of kB) is
 * TOASTed out of line, so it adds only a pointer to the row the queries read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Retell from 'retell-sdk';
import { seedAnalytics } from './analytics-seed.js';
import { intSetting } from './bench-load.js';
import { freePort } from './free-port.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CALLS = intSetting('BENCH_ANALYTICS_CALLS', 1_000_000);
const CANDIDATES = intSetting('BENCH_ANALYTICS_CANDIDATES', 100_000);
const PGLITE_CALLS = intSetting('BENCH_PGLITE_CALLS', 10_000);
const REQUESTS = intSetting('BENCH_ANALYTICS_REQUESTS', 200);
const TARGETS = { postgresSummaryP99Ms: 100, postgresP99Ms: 150, pgliteP99Ms: 1000 };

const RETELL_API_KEY = `key_bench_${randomBytes(12).toString('hex')}`;
const API_KEY = `bench-recruiter-${randomBytes(12).toString('hex')}`;
const DAY = 86_400_000;

const log = (line: string): void => void process.stdout.write(`· ${line}\n`);

// ---------------------------------------------------------------------------------------------
// The service as a child process

interface Service {
  process: ChildProcess;
  base: string;
  output: string[];
}

const services = new Set<Service>();
process.on('exit', () => services.forEach((service) => service.process.kill('SIGKILL')));

async function startService(env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: '',
      ...env,
      RETELL_API_KEY,
      API_KEYS: API_KEY,
      LOG_LEVEL: 'warn',
      THROTTLE_LIMIT: '1000000000',
      RECONCILE_INTERVAL: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const service: Service = { process: child, base: `http://127.0.0.1:${port}`, output: [] };
  services.add(service);
  const keep = (chunk: Buffer) => service.output.push(...chunk.toString('utf8').split('\n').filter(Boolean).slice(-20));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  for (let i = 0; i < 480; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${service.output.join('\n')}`);
    if (
      await fetch(`${service.base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return service;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the service did not become healthy:\n${service.output.join('\n')}`);
}

async function stopService(service: Service): Promise<void> {
  services.delete(service);
  const exited = new Promise((resolve) => service.process.once('exit', resolve));
  service.process.kill('SIGTERM');
  await exited;
}

// ---------------------------------------------------------------------------------------------
// Timing

interface Timing {
  label: string;
  p50: number;
  p99: number;
  max: number;
  /** The first request, untimed otherwise: with an empty analytics rollup, it computes the rollup's hours. */
  first: number;
  target: number;
}

async function time(service: Service, label: string, path: string, target: number): Promise<Timing> {
  const get = async (): Promise<number> => {
    const began = performance.now();
    const response = await fetch(`${service.base}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET ${path} → ${response.status} ${body}`);
    return performance.now() - began;
  };
  const first = await get();
  for (let i = 0; i < 4; i++) await get();
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) samples.push(await get());
  samples.sort((a, b) => a - b);
  const rank = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
  return { label, p50: rank(0.5), p99: rank(0.99), max: samples.at(-1)!, first, target };
}

function report(rows: Timing[]): void {
  for (const row of rows) {
    const verdict = row.p99 <= row.target ? 'PASS' : 'FAIL';
    log(
      `${row.label.padEnd(58)} p50 ${row.p50.toFixed(1).padStart(7)} ms  p99 ${row.p99.toFixed(1).padStart(7)} ms  max ${row.max.toFixed(1).padStart(7)} ms  first ${row.first.toFixed(0).padStart(5)} ms  (target p99 ≤ ${row.target} ms: ${verdict})`,
    );
  }
}

const paths = (now: number) => {
  const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
  return {
    summary: `/api/analytics/summary?from=${iso(now - 30 * DAY)}&to=${iso(now)}`,
    job: `/api/analytics/summary?from=${iso(now - 30 * DAY)}&to=${iso(now)}&job_id=7`,
    series: `/api/analytics/timeseries?from=${iso(now - 90 * DAY)}&to=${iso(now)}&bucket=day&tz=America%2FNew_York`,
  };
};

// ---------------------------------------------------------------------------------------------
// Postgres: seeded with SQL

async function postgresRun(baseUrl: string): Promise<Timing[]> {
  const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  await admin.connect();
  const kept = process.env.BENCH_ANALYTICS_SCHEMA;
  const schema = kept || `bench_analytics_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  let service: Service | undefined;
  try {
    service = await startService({ DATABASE_URL: url.toString() });
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const began = Date.now();
      const seeded = (await db.query('SELECT 1 FROM retell_calls LIMIT 1')).rowCount! > 0;
      if (!seeded) await seedAnalytics(db, { calls: CALLS, candidates: CANDIDATES, days: 365 });
      const { rows } = await db.query<{ calls: string; interviews: string; size: string }>(
        `SELECT (SELECT count(*) FROM retell_calls) AS calls, (SELECT count(*) FROM interviews) AS interviews,
                pg_size_pretty(pg_total_relation_size('retell_calls')) AS size`,
      );
      log(
        `Postgres: ${seeded ? 'kept' : 'seeded'} ${CANDIDATES.toLocaleString('en')} candidates, ${Number(rows[0].calls).toLocaleString('en')} calls (${rows[0].size} with indexes), ${Number(rows[0].interviews).toLocaleString('en')} interviews in ${((Date.now() - began) / 1000).toFixed(0)} s`,
      );
    } finally {
      await db.end();
    }
    const p = paths(Date.now());
    return [
      await time(
        service,
        `Postgres ${CALLS.toLocaleString('en')} calls: summary, 30 days`,
        p.summary,
        TARGETS.postgresSummaryP99Ms,
      ),
      await time(
        service,
        `Postgres ${CALLS.toLocaleString('en')} calls: summary, 30 days, one job`,
        p.job,
        TARGETS.postgresP99Ms,
      ),
      await time(
        service,
        `Postgres ${CALLS.toLocaleString('en')} calls: timeseries, 90 days, daily`,
        p.series,
        TARGETS.postgresP99Ms,
      ),
    ];
  } finally {
    if (service) await stopService(service);
    if (!kept) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite: seeded through signed webhooks

function benchCall(n: number, candidateId: number, now: number): object {
  const started = now - ((n * 104729) % (90 * DAY));
  const connected = n % 10 < 5;
  const booked = connected && n % 10 < 2;
  return {
    call_id: `call_pglite_bench_${n}`,
    agent_id: `agent_${n % 5}`,
    call_type: 'phone_call',
    call_status: n % 10 === 9 ? 'not_connected' : 'ended',
    metadata: { candidate_id: String(candidateId), job_id: String(n % 20) },
    start_timestamp: started,
    end_timestamp: started + 180_000,
    duration_ms: 180_000,
    disconnection_reason: connected ? 'agent_hangup' : n % 10 === 9 ? 'dial_no_answer' : 'voicemail_reached',
    call_cost: { combined_cost: 12.5 + (n % 7), product_costs: [] },
    call_analysis: {
      call_summary: 'Screened the candidate.',
      user_sentiment: 'Positive',
      call_successful: connected,
      in_voicemail: !connected && n % 10 !== 9,
      custom_analysis_data: {
        interview_scheduled: booked,
        scheduled_datetime_iso: booked ? new Date(started + 3 * DAY).toISOString() : undefined,
        scheduled_timezone: booked ? 'America/Chicago' : undefined,
        outcome: booked ? 'Interview Scheduled' : connected ? 'Callback Requested' : 'Voicemail Left',
        candidate_interest_level: 'High',
      },
    },
  };
}

async function pgliteRun(): Promise<Timing[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'retell-ats-bench-analytics-'));
  const service = await startService({ PGLITE_DATA_DIR: dataDir });
  try {
    const began = Date.now();
    const now = Date.now();
    const candidates: number[] = [];
    for (let i = 0; i < Math.ceil(PGLITE_CALLS / 10); i++) {
      const response = await fetch(`${service.base}/api/candidates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          first_name: 'Bench',
          last_name: `P${i}`,
          email: `p${i}@example.com`,
          phone: '+14155550123',
        }),
      });
      if (response.status !== 201) throw new Error(`POST /api/candidates → ${response.status}`);
      candidates.push(((await response.json()) as { id: number }).id);
    }
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < PGLITE_CALLS; n = next++) {
        const body = JSON.stringify({
          event: 'call_analyzed',
          call: benchCall(n, candidates[n % candidates.length], now),
        });
        const response = await fetch(`${service.base}/api/webhooks/retell`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-retell-signature': await Retell.sign(body, RETELL_API_KEY),
          },
          body,
        });
        if (response.status !== 200) throw new Error(`webhook → ${response.status} ${await response.text()}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    log(
      `PGlite: ${PGLITE_CALLS.toLocaleString('en')} calls through signed webhooks in ${((Date.now() - began) / 1000).toFixed(0)} s`,
    );
    const p = paths(Date.now());
    return [
      await time(
        service,
        `PGlite ${PGLITE_CALLS.toLocaleString('en')} calls: summary, 30 days`,
        p.summary,
        TARGETS.pgliteP99Ms,
      ),
      await time(
        service,
        `PGlite ${PGLITE_CALLS.toLocaleString('en')} calls: timeseries, 90 days, daily`,
        p.series,
        TARGETS.pgliteP99Ms,
      ),
    ];
  } finally {
    await stopService(service);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  log(
    `analytics bench: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, Node ${process.version}; ${REQUESTS} sequential requests per figure`,
  );
  const rows = await postgresRun(baseUrl);
  report(rows);
  if (process.env.BENCH_ANALYTICS_SKIP_PGLITE !== '1') report(await pgliteRun());
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
