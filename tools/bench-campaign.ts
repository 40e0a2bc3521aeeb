/**
 * `npm run bench:campaign` (also the last part of `npm run bench`): one outreach campaign over a
 * large applicant pool, against the Retell simulator, on Postgres.
 *
 * 1. Starts the built service (`dist/main.js`) in a fresh schema of `DATABASE_URL` (default
 *    postgres://postgres@127.0.0.1:5432/test, dropped at the end), with the simulator in this
 *    process playing every call at once (no answer: `analyzed` ×2 and `ended`, signed webhooks).
 * 2. Seeds BENCH_CAMPAIGN_CANDIDATES candidates (10,000) with SQL, creates one campaign of all of
 *    them with a filter (`POST /api/campaigns`, timed) and starts it with a cap of
 *    BENCH_CAMPAIGN_CAP (50) calls at once.
 * 3. Samples every second until every candidate's first attempt is settled: attempts placed, the
 *    calls in progress at Retell (the cap must hold), the service's RSS (it must stay flat).
 * Prints the figures and one JSON line with all of them (last line). CPU per attempt covers
 * everything an attempt costs the service: the dispatch round, the create-phone-call and the
 * three webhooks of its call.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { intSetting, postgresCpuMs, processCpuMs, round } from './bench-load.js';
import { freePort } from './free-port.js';
import { RetellSimulator } from './retell-simulator.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const CANDIDATES = intSetting('BENCH_CAMPAIGN_CANDIDATES', 10_000);
const CAP = Math.min(intSetting('BENCH_CAMPAIGN_CAP', 50), 100);
const RETELL_API_KEY = 'key_bench_campaign_0123456789';
const API_KEY = 'bench-campaign-recruiter-key-0123456789-QxZ7';

function rssMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? round(Number(line.replace(/\D+/g, '')) / 1024, 1) : null;
  } catch {
    return null;
  }
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);

async function main(): Promise<void> {
  const schema = `bench_campaign_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);

  const simulator = new RetellSimulator({ apiKey: RETELL_API_KEY, autoPlay: true, stepMs: 0 });
  simulator.concurrencyLimit = CAP * 4;
  const retellUrl = await simulator.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  simulator.webhookUrl = `${base}/api/webhooks/retell`;
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: url.toString(),
      RETELL_API_KEY,
      RETELL_BASE_URL: retellUrl,
      RETELL_FROM_NUMBER: '+14155550100',
      RETELL_AGENT_ID: 'agent_bench',
      API_KEYS: API_KEY,
      CALLING_WINDOW: '00:00-24:00',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
      THROTTLE_LIMIT: '1000000000',
      RECONCILE_INTERVAL: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  try {
    for (let i = 0; i < 240; i++) {
      if (
        await fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await db.query(
      `INSERT INTO candidates (first_name, last_name, email, phone, position, company, timezone)
       SELECT 'Pool', 'Applicant ' || g, 'pool.' || g || '@example.com', '+1415' || (5000000 + g % 1000000)::text || '904',
              'Backend Engineer', 'Acme', (ARRAY['America/New_York', 'America/Chicago', 'America/Los_Angeles'])[1 + g % 3]
       FROM generate_series(1, $1::int) AS g`,
      [CANDIDATES],
    );
    await db.end();

    let created = performance.now();
    const campaign = await api<{ id: number; counts: Record<string, number> }>('POST', '/api/campaigns', {
      name: 'Bench pool',
      filter: { status: 'new' },
      max_attempts: 3,
      max_concurrent_calls: CAP,
      calling_days: [1, 2, 3, 4, 5, 6, 7],
    });
    created = performance.now() - created;
    process.stdout.write(`campaign of ${campaign.counts.queued} candidates created in ${round(created, 0)} ms\n`);

    const pid = child.pid!;
    const cpu0 = processCpuMs(pid) ?? 0;
    const pg0 = postgresCpuMs() ?? 0;
    const rss: number[] = [];
    const started = performance.now();
    await api('POST', `/api/campaigns/${campaign.id}/start`);
    let settled = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = await api<{ counts: Record<string, number> }>('GET', `/api/campaigns/${campaign.id}`);
      const sample = rssMb(pid);
      if (sample !== null) rss.push(sample);
      settled = CANDIDATES - now.counts.queued - now.counts.calling;
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${seconds.toFixed(0).padStart(4)} s  settled ${settled}/${CANDIDATES}  calling ${now.counts.calling}  ` +
          `at Retell now ${simulator.inProgress()} (peak ${simulator.peakConcurrency})  rss ${sample ?? '?'} MB\n`,
      );
      if (now.counts.queued === 0 && now.counts.calling === 0) break;
    }
    const wallS = (performance.now() - started) / 1000;
    await simulator.idle();
    const cpuMs = (processCpuMs(pid) ?? 0) - cpu0;
    const pgMs = (postgresCpuMs() ?? 0) - pg0;
    const tenth = Math.max(1, Math.floor(rss.length / 10));
    const figures = {
      candidates: CANDIDATES,
      cap: CAP,
      create_campaign_ms: round(created, 0),
      wall_s: round(wallS, 1),
      attempts_per_s: round(CANDIDATES / wallS, 1),
      peak_calls_at_retell: simulator.peakConcurrency,
      cap_held: simulator.peakConcurrency <= CAP,
      webhooks_delivered: simulator.deliveries.length,
      service_cpu_ms_per_attempt: round(cpuMs / CANDIDATES, 2),
      postgres_cpu_ms_per_attempt: round(pgMs / CANDIDATES, 2),
      rss_first_tenth_mb: round(mean(rss.slice(0, tenth)), 1),
      rss_last_tenth_mb: round(mean(rss.slice(-tenth)), 1),
      rss_max_mb: Math.max(...rss),
    };
    process.stdout.write(`\n${JSON.stringify(figures)}\n`);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await simulator.stop();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-campaign failed: ${(error as Error).message}\n`);
  process.exit(1);
});
