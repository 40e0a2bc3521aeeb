/**
 * `npm run bench`: throughput and latency of Retell's webhook, against a floor, on one machine.
 *
 * 1. Starts the built service (`dist/main.js`) on Postgres, in a fresh schema `bench_<random>` of
 *    `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test), dropped at the end.
 * 2. Seeds candidates with SQL (100k by default) and measures filtered candidate pages.
 * 3. Webhook load with autocannon, from this process (the servers are child processes), every
 *    request a distinct `call_analyzed` body (~5 kB) pre-signed with `Retell.sign`:
 *    the service at max rate; the floor (tools/bench-floor-server.ts: node:http + Retell.verify +
 *    JSON.parse + one INSERT … ON CONFLICT DO NOTHING) at max rate; the stack floor (the same work
 *    through Nest, Express, helmet, pino and TypeORM: tools/bench-stack-floor-server.ts) at max
 *    rate; the service at half its max rate (open model, autocannon `overallRate`, after a warm-up
 *    at that rate).
 * 4. Hot candidates (issue 10): 200 candidates collecting many calls; new calls in increasing time
 *    at max rate, then late events of older calls with concurrent copies at half that rate, in a
 *    strict open model; p50/p99/max and the answers slower than 1 s and 10 s.
 * 5. Counts Postgres round trips per event through a counting proxy (a second service instance),
 *    for ordinary events and for late events of older calls of candidates holding many calls.
 * 6. The service on PGlite (a temporary data directory): sustained events/s; then the stack floor
 *    on PGlite (its one INSERT per event through the same stack), in a directory of its own.
 * Prints a table, the targets with pass/fail, and one JSON line with every figure (last line).
 *
 * Settings (environment): DATABASE_URL, BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3),
 * BENCH_CONNECTIONS (32), BENCH_CANDIDATES (100000), DB_POOL_MAX (10), BENCH_LOG_LEVEL (warn),
 * BENCH_HOT_CANDIDATES (200), BENCH_HOT_CONNECTIONS (16), BENCH_HOT_PRELOAD (100 older calls per
 * hot candidate, copied with SQL before the measured runs), BENCH_SCENARIOS (all of
 * pages,webhooks,hot,profile,pglite; e.g. `hot,profile` for a run of about a minute),
 * BENCH_SERVICE_NODE_ARGS (extra Node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=DIR`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Retell from 'retell-sdk';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import {
  closedLoad,
  intSetting,
  machineBusyMs,
  openLoad,
  pacedLoad,
  PgWireCounter,
  postgresCpuMs,
  processCpuMs,
  RequestPool,
  round,
  stopAllLoad,
  type LoadResult,
  type PreparedRequest,
} from './bench-load.js';
import { freePort } from './free-port.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const WEBHOOK_PATH = '/api/webhooks/retell';

const SECONDS = intSetting('BENCH_SECONDS', 10);
const WARMUP_SECONDS = intSetting('BENCH_WARMUP_SECONDS', 3);
const CONNECTIONS = intSetting('BENCH_CONNECTIONS', 32);
const CANDIDATES = intSetting('BENCH_CANDIDATES', 100_000);
const POOL_MAX = intSetting('DB_POOL_MAX', 10);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'warn';
const HOT_CANDIDATES = intSetting('BENCH_HOT_CANDIDATES', 200);
const HOT_CONNECTIONS = intSetting('BENCH_HOT_CONNECTIONS', 16);
/** Older calls given to each hot candidate with SQL before the measured runs (0 allowed). */
const HOT_PRELOAD = Number.isInteger(Number(process.env.BENCH_HOT_PRELOAD ?? 100))
  ? Math.max(0, Number(process.env.BENCH_HOT_PRELOAD ?? 100))
  : 100;
/** Every HOT_COPY_EVERY-th late event is sent HOT_COPIES more times, back to back. */
const HOT_COPY_EVERY = 10;
const HOT_COPIES = 2;
const SCENARIO_NAMES = ['pages', 'webhooks', 'hot', 'profile', 'pglite'] as const;
type Scenario = (typeof SCENARIO_NAMES)[number];
/** BENCH_SCENARIOS: a comma-separated subset of SCENARIO_NAMES (default: all). */
const SCENARIOS: ReadonlySet<Scenario> = new Set(
  (process.env.BENCH_SCENARIOS || SCENARIO_NAMES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name): name is Scenario => (SCENARIO_NAMES as readonly string[]).includes(name)),
);
const LIST_SECONDS = 5;
const LIST_CONNECTIONS = 1;
const PROFILE_EVENTS = 300;
/** BENCH_SERVICE_NODE_ARGS: extra Node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);

const RETELL_API_KEY = `key_bench_${randomBytes(12).toString('hex')}`;
const API_KEY = `bench-recruiter-${randomBytes(12).toString('hex')}`;
const RUN_TAG = randomBytes(4).toString('hex');

const TARGETS = {
  serviceVsFloor: 0.5,
  halfLoadP99Ms: 50,
  /** Hot scenario: no answer may take this long (Retell gives 10 s, then retries). */
  hotMaxMs: 2000,
  /** Round trips to Postgres per ordinary webhook event. */
  roundTrips: 6,
  pgliteEventsPerSecond: 300,
  listP99Ms: 20,
};

function log(line: string): void {
  process.stdout.write(`· ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Child processes and cleanup

interface Child {
  name: string;
  process: ChildProcess;
  output: string[];
}

const children = new Set<Child>();
const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    stopAllLoad();
    for (const child of [...children]) await stopChild(child);
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`cleanup: ${(error as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}

let interrupted = false;

process.on('SIGINT', () => {
  interrupted = true;
  process.stderr.write('\nInterrupted: stopping load, servers, and dropping the bench schema…\n');
  void cleanup().finally(() => process.exit(130));
});
process.on('SIGTERM', () => void cleanup().finally(() => process.exit(143)));
process.on('exit', () => {
  for (const child of children) child.process.kill('SIGKILL');
});

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child: Child = {
    name,
    process: spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }),
    output: [],
  };
  const keep = (chunk: Buffer): void => {
    child.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (child.output.length > 40) child.output.splice(0, child.output.length - 40);
  };
  child.process.stdout!.on('data', keep);
  child.process.stderr!.on('data', keep);
  children.add(child);
  return child;
}

async function stopChild(child: Child): Promise<void> {
  if (!children.delete(child)) return;
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function waitHealthy(child: Child, url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.process.exitCode !== null) {
      throw new Error(`${child.name} exited (code ${child.process.exitCode}):\n${child.output.join('\n')}`);
    }
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} did not become healthy at ${url}:\n${child.output.join('\n')}`);
}

interface Server {
  child: Child;
  base: string;
}

async function startService(name: string, databaseEnv: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = startChild(name, [...SERVICE_NODE_ARGS, 'dist/main.js'], {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: '',
    ...databaseEnv,
    RETELL_API_KEY,
    API_KEYS: API_KEY,
    LOG_LEVEL,
    THROTTLE_LIMIT: '1000000000',
    RECONCILE_INTERVAL: '0',
    DB_POOL_MAX: String(POOL_MAX),
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(child, `${base}/api/health`);
  return { child, base };
}

/** Where a floor stores its events: a Postgres URL and table, or (stack floor only) a PGlite directory. */
type FloorDatabase = { url: string; table: string } | { pgliteDir: string };

/**
 * The floor (bare node:http + pg) on Postgres, or with `stack` the same work through the service's
 * stack (tools/bench-stack-floor-server.ts: Nest, Express, helmet, pino, a guard, TypeORM).
 */
async function startFloor(database: FloorDatabase, stack: boolean): Promise<Server> {
  const port = await freePort();
  const script = stack ? 'dist-tools/bench-stack-floor-server.js' : 'dist-tools/bench-floor-server.js';
  const child = startChild(stack ? 'stack floor' : 'floor', [script], {
    ...process.env,
    PORT: String(port),
    ...('url' in database
      ? { FLOOR_DATABASE_URL: database.url, FLOOR_TABLE: database.table }
      : { FLOOR_PGLITE_DIR: database.pgliteDir }),
    RETELL_API_KEY,
    DB_POOL_MAX: String(POOL_MAX),
    LOG_LEVEL,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(child, `${base}${stack ? '/api' : ''}/health`);
  return { child, base };
}

// ---------------------------------------------------------------------------------------------
// Payloads

const TURNS: ['agent' | 'user', string][] = [
  [
    'agent',
    'Hi {name}, this is the recruiting assistant at Acme calling about the {position} role. Is now a good time?',
  ],
  ['user', 'Hi, yes, I have a few minutes. I saw the posting last week and was hoping someone would reach out.'],
  ['agent', 'Great. Could you tell me briefly about your current role and how many years of experience you have?'],
  [
    'user',
    'I have been a backend engineer for six years, mostly TypeScript and PostgreSQL, and I lead a team of three.',
  ],
  ['agent', 'Thanks. The role is hybrid, two days a week in the office. What salary range are you looking for?'],
  ['user', 'Somewhere around one hundred thirty-five thousand, depending on the benefits and the equity.'],
  ['agent', 'That fits the range. Would Thursday at 3 PM Eastern work for an interview with the hiring manager?'],
  ['user', 'Thursday at three works for me. Is the role open to remote work after the first few months?'],
  ['agent', 'I will note the question for the hiring manager. You will receive a calendar invitation shortly.'],
];

function words(content: string, start: number): { word: string; start: number; end: number }[] {
  return content
    .split(' ')
    .slice(0, 4)
    .map((word, i) => ({ word, start: round(start + i * 0.31, 2), end: round(start + i * 0.31 + 0.27, 2) }));
}

/**
 * A `call_analyzed` call object shaped like retell-sdk's PhoneCallResponse, about 5 kB as JSON.
 * `start` (epoch ms) defaults to a few minutes before `now`; `variant` picks the verdict: 6 in 10
 * book an interview, 3 decline, 1 reaches voicemail.
 */
function analyzedCall(
  callId: string,
  candidateId: number,
  i: number,
  now: number,
  options: { start?: number; variant?: number } = {},
): PhoneCallResponse {
  const name = `Candidate${candidateId}`;
  const position = 'Data Engineer';
  const start = options.start ?? now - 420_000 - (i % 97) * 1000;
  const end = start + 300_000 + (i % 89) * 1000;
  const variant = (options.variant ?? i) % 10;
  const kind = variant < 6 ? 'booked' : variant < 9 ? 'declined' : 'voicemail';
  const turns = TURNS.map(([role, text]) => ({
    role,
    content: text.replace('{name}', name).replace('{position}', position),
  }));
  return {
    call_id: callId,
    agent_id: 'agent_bench_screening',
    agent_version: 3,
    call_status: 'ended',
    call_type: 'phone_call',
    direction: 'outbound',
    from_number: '+14155550100',
    to_number: `+1415${String(5_000_000 + (candidateId % 4_999_999)).padStart(7, '0')}`,
    start_timestamp: start,
    end_timestamp: end,
    duration_ms: end - start,
    disconnection_reason: kind === 'voicemail' ? 'voicemail_reached' : 'agent_hangup',
    recording_url: `https://dxc03zgurdly9.cloudfront.net/${callId}/recording.wav`,
    public_log_url: `https://dxc03zgurdly9.cloudfront.net/${callId}/public.log`,
    transcript: turns.map((t) => `${t.role === 'agent' ? 'Agent' : 'User'}: ${t.content}`).join('\n'),
    transcript_object: turns.map((t, n) => ({ ...t, words: words(t.content, n * 6.5) })),
    metadata: { candidate_id: String(candidateId), job_id: '45', recruiter: 'Emma Johnson' },
    retell_llm_dynamic_variables: { candidate_first_name: name, position, company: 'Acme' },
    call_analysis: {
      call_summary:
        kind === 'booked'
          ? `Screened ${name} for ${position}; six years of backend experience; interview booked for Thursday 3 PM ET.`
          : kind === 'declined'
            ? `${name} is happy in the current role and not interested at this time.`
            : 'Reached voicemail; left a short message with a callback number.',
      user_sentiment: kind === 'booked' ? 'Positive' : 'Neutral',
      call_successful: kind !== 'voicemail',
      in_voicemail: kind === 'voicemail',
      custom_analysis_data:
        kind === 'booked'
          ? {
              interview_scheduled: true,
              scheduled_date: '2026-11-26',
              scheduled_time: '3:00 PM',
              scheduled_timezone: 'Eastern Time (ET)',
              scheduled_datetime_iso: '2026-11-26T15:00:00-05:00',
              candidate_timezone: 'Eastern Time',
              is_qualified_candidate: true,
              candidate_interest_level: 'High',
              years_of_experience: 6,
              salary_expectation: 135000,
              technical_skills_mentioned: ['TypeScript', 'PostgreSQL', 'AWS'],
              questions_asked: ['Is the role remote?'],
              outcome: 'Interview Scheduled',
            }
          : kind === 'declined'
            ? {
                interview_scheduled: false,
                candidate_interest_level: 'Not Interested',
                outcome: 'Not Interested',
                rejection_reason: 'Happy in current role',
              }
            : { interview_scheduled: false, outcome: 'Voicemail Left' },
    },
  };
}

let eventCounter = 0;

/** A fresh call id of this run. */
function benchCallId(): { callId: string; i: number } {
  const i = eventCounter++;
  return { callId: `call_bench${RUN_TAG}${i.toString(16).padStart(8, '0')}`, i };
}

/** `count` distinct `call_analyzed` webhooks, each signed with `Retell.sign` now (5-minute validity). */
async function webhookPool(count: number, candidate: () => number): Promise<RequestPool> {
  const now = Date.now();
  const bodies: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const { callId, i } = benchCallId();
    bodies.push(
      Buffer.from(JSON.stringify({ event: 'call_analyzed', call: analyzedCall(callId, candidate(), i, now) })),
    );
  }
  return signedPool(bodies);
}

/** Signs each body with `Retell.sign` now (valid 5 minutes); the same Buffer twice gives one body sent twice. */
async function signedPool(bodies: Buffer[]): Promise<RequestPool> {
  const count = bodies.length;
  const items: PreparedRequest[] = new Array<PreparedRequest>(count);
  const BATCH = 64;
  for (let start = 0; start < count; start += BATCH) {
    await Promise.all(
      bodies.slice(start, start + BATCH).map(async (body, k) => {
        items[start + k] = {
          method: 'POST',
          path: WEBHOOK_PATH,
          headers: {
            'content-type': 'application/json',
            'x-retell-signature': await Retell.sign(body.toString('utf8'), RETELL_API_KEY),
          },
          body,
        };
      }),
    );
  }
  return new RequestPool(items);
}

/** Cycles through `ids` in a shuffled order. */
function cycler(ids: number[]): () => number {
  const order = [...ids];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let next = 0;
  return () => order[next++ % order.length];
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface CpuFigures {
  /** CPU ms per response, and cores busy on average, of the server under test. */
  server_ms_per_req: number | null;
  server_cores: number | null;
  postgres_ms_per_req: number | null;
  postgres_cores: number | null;
  loadgen_ms_per_req: number;
  loadgen_cores: number;
  /** Cores busy with anything else on the machine during the run: other people's work skews the figures. */
  other_cores: number | null;
}

type Run = LoadResult & { cpu: CpuFigures };

async function withCpu<T extends LoadResult>(
  serverPid: number | undefined,
  work: () => Promise<T>,
): Promise<T & { cpu: CpuFigures }> {
  const server0 = processCpuMs(serverPid);
  const pg0 = postgresCpuMs();
  const self0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  const result = await work();
  const machine1 = machineBusyMs();
  const server1 = processCpuMs(serverPid);
  const pg1 = postgresCpuMs();
  const self = process.cpuUsage(self0);
  const n = Math.max(1, result.responses);
  const wall = result.seconds * 1000;
  const serverMs = server0 !== null && server1 !== null ? server1 - server0 : null;
  const pgMs = pg0 !== null && pg1 !== null ? pg1 - pg0 : null;
  const selfMs = (self.user + self.system) / 1000;
  return {
    ...result,
    cpu: {
      server_ms_per_req: serverMs === null ? null : round(serverMs / n, 3),
      server_cores: serverMs === null ? null : round(serverMs / wall, 2),
      postgres_ms_per_req: pgMs === null ? null : round(pgMs / n, 3),
      postgres_cores: pgMs === null ? null : round(pgMs / wall, 2),
      loadgen_ms_per_req: round(selfMs / n, 3),
      loadgen_cores: round(selfMs / wall, 2),
      other_cores:
        machine0 === null || machine1 === null || serverMs === null || pgMs === null
          ? null
          : round(Math.max(0, machine1 - machine0 - serverMs - pgMs - selfMs) / wall, 2),
    },
  };
}

function describeRun(label: string, run: LoadResult): string {
  const wraps = run.poolWraps > 0 ? ` (pool wrapped ${run.poolWraps}×: some duplicates)` : '';
  return `${label}: ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, max ${run.max} ms, > 1 s ${run.over1s}, > 10 s ${run.over10s}, non-2xx ${run.non2xx}, errors ${run.errors + run.timeouts}${wraps}`;
}

/** Warm-up, then a measured max-rate run with a pool sized from the warm-up's rate. */
async function maxRate(
  label: string,
  server: Server,
  candidate: () => number,
): Promise<{ warmup: LoadResult; run: Run }> {
  const url = `${server.base}${WEBHOOK_PATH}`;
  const warmPool = await webhookPool(WARMUP_SECONDS * 2500, candidate);
  const warmup = await closedLoad(url, warmPool, { connections: CONNECTIONS, seconds: WARMUP_SECONDS });
  log(describeRun(`${label} warm-up`, warmup));
  const pool = await webhookPool(Math.ceil(warmup.rps * SECONDS * 2) + 500, candidate);
  const run = await withCpu(server.child.process.pid, () =>
    closedLoad(url, pool, { connections: CONNECTIONS, seconds: SECONDS }),
  );
  log(describeRun(label, run));
  return { warmup, run };
}

// ---------------------------------------------------------------------------------------------
// Hot candidates: many calls per candidate, late events of older calls, concurrent copies

/** Retell's `start_timestamp` of the hot scenario's first new call: 2024-01-01T00:00:00Z. */
const HOT_BASE = 1_704_067_200_000;

/** The verdict variant of hot event `i`: varies per candidate (i mod H alone would fix it). */
const hotVariant = (i: number): number => (i + Math.floor(i / HOT_CANDIDATES)) % 10;

/** `count` candidates with status `new`, in one INSERT; their ids. */
async function seedHotCandidates(db: pg.Client, count: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO candidates (first_name, last_name, email, phone, position, company, timezone)
     SELECT 'Hot', 'Candidate ' || g, 'hot.' || g || '.' || $2 || '@example.com', '+1415' || (6000000 + g)::text,
            'Data Engineer', 'Acme', 'America/New_York'
     FROM generate_series(1, $1::int) AS g RETURNING id`,
    [count, RUN_TAG],
  );
  return rows.map((row) => Number(row.id));
}

/**
 * Call `n` of the hot scenario as one body: candidate hot[n mod H], Retell start `start`.
 * `n` also picks the verdict, so each candidate's calls mix interviews, refusals and voicemails.
 */
function hotBody(hot: number[], n: number, start: number, now: number): Buffer {
  const { callId, i } = benchCallId();
  const call = analyzedCall(callId, hot[n % hot.length], i, now, { start, variant: hotVariant(n) });
  return Buffer.from(JSON.stringify({ event: 'call_analyzed', call }));
}

interface HotResult {
  candidates: number;
  connections: number;
  warmup: LoadResult;
  /** New calls in increasing time, closed model at max rate. */
  ingest: Run;
  /** Late events of older calls in decreasing time, with concurrent copies, open model at half rate. */
  late: Run & { offered_rps: number; lag_max_ms: number; copies: number };
  calls_per_candidate: { min: number; max: number };
  outcomes: Record<string, number>;
}

/**
 * The scenario that exposed the tail (issue 10): H candidates (200) that collect many calls each.
 * 0. After the warm-up, each candidate gets BENCH_HOT_PRELOAD (100) older calls by SQL, so that
 *    the calls per candidate do not depend on how fast the machine is.
 * 1. New calls in increasing time (body n: candidate n mod H, start HOT_BASE + n), closed model at
 *    max rate with BENCH_HOT_CONNECTIONS (16): each candidate mirrors its newest call.
 * 2. Late events of OLDER calls (start HOT_BASE − 1 − n, newest first) of the same candidates,
 *    every HOT_COPY_EVERY-th sent HOT_COPIES more times back to back (concurrent duplicates), at half
 *    the rate of 1, strict open model ({@link pacedLoad}): each event takes the late-verdict branch.
 */
async function hotScenario(service: Server, db: pg.Client): Promise<HotResult> {
  const hot = await seedHotCandidates(db, HOT_CANDIDATES);
  const url = `${service.base}${WEBHOOK_PATH}`;
  let next = 0;
  const ascending = (count: number): Promise<RequestPool> => {
    const now = Date.now();
    const bodies = Array.from({ length: count }, () => {
      const n = next++;
      return hotBody(hot, n, HOT_BASE + n, now);
    });
    return signedPool(bodies);
  };
  // Every candidate's first call, so that each has one to copy.
  await closedLoad(url, await ascending(hot.length), { connections: HOT_CONNECTIONS, amount: hot.length });
  const warmup = await closedLoad(url, await ascending(WARMUP_SECONDS * 1500), {
    connections: HOT_CONNECTIONS,
    seconds: WARMUP_SECONDS,
  });
  log(describeRun('hot candidates: new calls warm-up', warmup));
  if (HOT_PRELOAD > 0) {
    const t = Date.now();
    const added = await preloadCalls(db, hot, HOT_PRELOAD);
    log(`hot candidates: ${added} older calls preloaded with SQL in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const ingest = await withCpu(service.child.process.pid, async () =>
    closedLoad(url, await ascending(Math.ceil(warmup.rps * SECONDS * 2) + 500), {
      connections: HOT_CONNECTIONS,
      seconds: SECONDS,
    }),
  );
  log(describeRun(`hot candidates: new calls, max (${HOT_CONNECTIONS} conn.)`, ingest));

  const rate = Math.max(1, Math.floor(ingest.rps / 2));
  const total = rate * SECONDS;
  const now = Date.now();
  const bodies: Buffer[] = [];
  let copies = 0;
  for (let n = 0; bodies.length < total; n++) {
    const body = hotBody(hot, n, HOT_BASE - 1 - n, now);
    bodies.push(body);
    if (n % HOT_COPY_EVERY === HOT_COPY_EVERY - 1) {
      for (let c = 0; c < HOT_COPIES && bodies.length < total; c++, copies++) bodies.push(body);
    }
  }
  const latePool = await signedPool(bodies);
  const paced = await withCpu(service.child.process.pid, () => pacedLoad(url, latePool, { rate, seconds: SECONDS }));
  const late = { ...paced, offered_rps: rate, lag_max_ms: paced.lagMaxMs, copies };
  log(describeRun(`hot candidates: late events of older calls + copies (${rate}/s offered, paced)`, late));

  const [spread] = (
    await db.query<{ min: number; max: number }>(
      `SELECT min(n)::int AS min, max(n)::int AS max FROM
         (SELECT count(r.id) AS n FROM candidates c LEFT JOIN retell_calls r ON r.candidate_id = c.id
          WHERE c.id = ANY($1) GROUP BY c.id) AS counts`,
      [hot],
    )
  ).rows;
  const outcomes = Object.fromEntries(
    (
      await db.query<{ outcome: string; n: string }>(
        `SELECT outcome, count(*) AS n FROM retell_webhook_events WHERE candidate_id = ANY($1)
         GROUP BY outcome ORDER BY outcome`,
        [hot],
      )
    ).rows.map((r) => [r.outcome, Number(r.n)]),
  );
  log(`hot candidates: ${spread.min}–${spread.max} calls each; event outcomes ${JSON.stringify(outcomes)}`);
  hotCandidates = hot;
  return {
    candidates: hot.length,
    connections: HOT_CONNECTIONS,
    warmup,
    ingest,
    late,
    calls_per_candidate: spread,
    outcomes,
  };
}

/**
 * Gives each hot candidate `perCandidate` more calls, older than the scenario's, in one INSERT …
 * SELECT: copies of the candidate's first call as the service stored it (every column, whatever
 * the schema version, so the copies carry what the applier would have written), each with its own
 * call_id and Retell timestamps `1 day + k s` earlier. Then ANALYZE, as autovacuum would.
 */
async function preloadCalls(db: pg.Client, hot: number[], perCandidate: number): Promise<number> {
  const { rows } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'retell_calls'
       AND column_name NOT IN ('id', 'created_at', 'updated_at') ORDER BY ordinal_position`,
  );
  const shifted = new Set(['start_timestamp', 'end_timestamp', 'recency_ms']);
  const columns = rows.map((row) => row.column_name);
  const values = columns.map((column) =>
    column === 'call_id'
      ? `t.call_id || '_pre' || k`
      : shifted.has(column)
        ? `t."${column}" - 86400000 - k * 1000`
        : `t."${column}"`,
  );
  const result = await db.query(
    `INSERT INTO retell_calls (${columns.map((c) => `"${c}"`).join(', ')})
     SELECT ${values.join(', ')}
     FROM (SELECT DISTINCT ON (candidate_id) * FROM retell_calls WHERE candidate_id = ANY($1) ORDER BY candidate_id, id) AS t,
          generate_series(1, $2::int) AS k`,
    [hot, perCandidate],
  );
  await db.query('ANALYZE retell_calls');
  return result.rowCount ?? 0;
}

/** The hot scenario's candidates, for the round-trip profile of late events. */
let hotCandidates: number[] = [];

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

// ---------------------------------------------------------------------------------------------
// Seeding and candidate pages

const FIRST_NAMES = [
  'Maya',
  'Leo',
  'Ava',
  'Noah',
  'Emma',
  'Liam',
  'Olivia',
  'Lucas',
  'Sofia',
  'Ethan',
  'Mia',
  'Mateo',
  'Zoe',
  'Omar',
  'Chloe',
  'Ivan',
  'Aisha',
  'Kenji',
  'Priya',
  'Diego',
];
const LAST_NAMES = [
  'Chen',
  'Park',
  'Garcia',
  'Smith',
  'Johnson',
  'Nguyen',
  'Patel',
  'Kim',
  'Lopez',
  'Brown',
  'Khan',
  'Silva',
  'Muller',
  'Rossi',
  'Tanaka',
  'Cohen',
  'Ali',
  'Novak',
  'Dubois',
  'Haddad',
  'Okafor',
  'Larsen',
  'Ivanova',
  'Santos',
  'Murphy',
];

/**
 * `count` candidates in one INSERT … SELECT: status mix 40/25/15/12/3/5 % (new, contacted,
 * interviewing, rejected, hired, withdrawn), updated over a year; every candidate past `new` carries
 * the call fields a call leaves (summary, analysis) and a call record with its transcript, as the
 * list endpoint returns them.
 */
async function seedCandidates(db: pg.Client, count: number): Promise<void> {
  const transcript = TURNS.map(([role, text]) => `${role === 'agent' ? 'Agent' : 'User'}: ${text}`)
    .join('\n')
    .replace('{name}', 'there')
    .replace('{position}', 'the role');
  const analysis = JSON.stringify(analyzedCall('call_seed', 1, 0, Date.now()).call_analysis);
  await db.query(
    `INSERT INTO candidates (first_name, last_name, email, phone, position, company, timezone, status, created_at, updated_at,
       retell_call_id, retell_call_status, retell_call_type, retell_disconnection_reason,
       retell_call_summary, retell_call_analysis, retell_user_sentiment, retell_call_successful, retell_in_voicemail,
       retell_interview_scheduled, retell_interest_level, retell_call_outcome, retell_metadata,
       retell_start_timestamp, retell_end_timestamp, retell_call_duration_ms, retell_recording_url)
     SELECT f, l, lower(f) || '.' || lower(l) || '.' || g || '@example.com', '+1' || (2000000000 + g)::text,
       (ARRAY['Data Engineer','Backend Developer','Frontend Developer','Product Designer','QA Engineer',
              'DevOps Engineer','Engineering Manager','Data Scientist'])[1 + g % 8],
       (ARRAY['Acme','Globex','Initech','Umbrella','Hooli','Stark Industries'])[1 + g % 6],
       (ARRAY['America/New_York','America/Chicago','America/Denver','America/Los_Angeles',NULL])[1 + g % 5],
       s, t - interval '30 days', t,
       CASE WHEN called THEN 'call_seed' || g END,
       CASE WHEN called THEN 'ended' END,
       CASE WHEN called THEN 'phone_call' END,
       CASE WHEN called THEN 'agent_hangup' END,
       CASE WHEN called THEN 'Screened ' || f || ' ' || l || ' for the role.' END,
       CASE WHEN called THEN $4::jsonb END,
       CASE WHEN called THEN 'Positive' END,
       CASE WHEN called THEN true END,
       CASE WHEN called THEN false END,
       CASE WHEN called THEN s = 'interviewing' END,
       CASE WHEN called THEN CASE WHEN s = 'rejected' THEN 'Not Interested' ELSE 'High' END END,
       CASE WHEN called THEN CASE s WHEN 'interviewing' THEN 'Interview Scheduled'
                                    WHEN 'rejected' THEN 'Not Interested' ELSE 'Call Back Later' END END,
       CASE WHEN called THEN jsonb_build_object('candidate_id', g::text, 'job_id', '45') END,
       CASE WHEN called THEN started END,
       CASE WHEN called THEN started + 300000 END,
       CASE WHEN called THEN 300000 END,
       CASE WHEN called THEN 'https://dxc03zgurdly9.cloudfront.net/call_seed' || g || '/recording.wav' END
     FROM generate_series(1, $1::int) AS g,
     LATERAL (SELECT ($2::text[])[1 + (g * 7) % 20] AS f, ($3::text[])[1 + (g * 13) % 25] AS l,
                     (g * 7919) % 100 AS h, now() - ((g::bigint * 104729) % 31536000) * interval '1 second' AS t) AS x,
     LATERAL (SELECT CASE WHEN h < 40 THEN 'new' WHEN h < 65 THEN 'contacted' WHEN h < 80 THEN 'interviewing'
                          WHEN h < 92 THEN 'rejected' WHEN h < 95 THEN 'hired' ELSE 'withdrawn' END AS s,
                     h >= 40 AS called,
                     (extract(epoch FROM t) * 1000)::bigint - 3600000 AS started) AS y`,
    [count, FIRST_NAMES, LAST_NAMES, analysis],
  );
  // Each called candidate's call record, holding the transcript the candidate reads from it.
  await db.query(
    `INSERT INTO retell_calls (call_id, candidate_id, call_status, call_type, start_timestamp, end_timestamp, duration_ms, call)
     SELECT retell_call_id, id, 'ended', 'phone_call', retell_start_timestamp, retell_end_timestamp, 300000,
            jsonb_build_object('call_id', retell_call_id, 'call_status', 'ended', 'transcript', $1::text)
     FROM candidates WHERE retell_call_id IS NOT NULL`,
    [transcript],
  );
  await db.query('VACUUM ANALYZE candidates, retell_calls');
}

interface ListRun {
  query: string;
  rows: number;
  run: Run;
}

async function candidatePages(server: Server, queries: string[]): Promise<ListRun[]> {
  const out: ListRun[] = [];
  const all = new RequestPool(
    queries.map((query) => ({
      method: 'GET' as const,
      path: `/api/candidates?${query}`,
      headers: { authorization: `Bearer ${API_KEY}` },
    })),
  );
  await closedLoad(server.base, all, { connections: LIST_CONNECTIONS, seconds: 2 });
  for (const query of queries) {
    const path = `/api/candidates?${query}`;
    const response = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const page = (await response.json()) as { items?: unknown[] };
    if (!response.ok) throw new Error(`GET ${path} → ${response.status} ${JSON.stringify(page)}`);
    const pool = new RequestPool([{ method: 'GET', path, headers: { authorization: `Bearer ${API_KEY}` } }]);
    await closedLoad(server.base, pool, { connections: LIST_CONNECTIONS, seconds: 1 });
    const run = await withCpu(server.child.process.pid, () =>
      closedLoad(server.base, pool, { connections: LIST_CONNECTIONS, seconds: LIST_SECONDS }),
    );
    run.poolWraps = 0;
    out.push({ query, rows: page.items?.length ?? 0, run });
    log(describeRun(`GET ${path} (${page.items?.length ?? 0} items)`, run));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Round trips per event

interface Profile {
  events: number;
  round_trips_per_event: number;
  db_ms_per_event: number;
  http_p50_ms: number;
  statements: { sql: string; per_event: number; ms_per_call: number }[];
  /** Late events of older calls of hot candidates (each holding many calls), at 1 connection. */
  late: {
    events: number;
    calls_per_candidate: number;
    round_trips_per_event: number;
    db_ms_per_event: number;
    http_p50_ms: number;
    statements: { sql: string; per_event: number; ms_per_call: number }[];
  } | null;
  list: { query: string; round_trips_per_request: number; db_ms_per_request: number; http_p50_ms: number }[];
  floor_http_p50_ms: number | null;
}

async function roundTripProfile(
  databaseUrl: string,
  db: pg.Client,
  candidate: () => number,
  floor: Server | undefined,
  listQueries: string[],
): Promise<Profile> {
  const target = new URL(databaseUrl);
  const counter = new PgWireCounter(target.hostname, Number(target.port || 5432));
  const proxyPort = await counter.start();
  cleanups.push(() => counter.stop());
  target.hostname = '127.0.0.1';
  target.port = String(proxyPort);
  const service = await startService('service (profiled)', { DATABASE_URL: target.toString() });
  try {
    const url = `${service.base}${WEBHOOK_PATH}`;
    await closedLoad(url, await webhookPool(50, candidate), { connections: 1, amount: 50 });
    counter.reset();
    const run = await closedLoad(url, await webhookPool(PROFILE_EVENTS, candidate), {
      connections: 1,
      amount: PROFILE_EVENTS,
    });
    const events = run.ok;
    const statements = [...counter.statements.entries()]
      .map(([sql, s]) => ({ sql, per_event: round(s.count / events, 2), ms_per_call: round(s.ms / s.count, 3) }))
      .sort((a, b) => b.per_event - a.per_event);
    const profile: Profile = {
      events,
      round_trips_per_event: round(counter.roundTrips / events, 2),
      db_ms_per_event: round(counter.dbMs / events, 3),
      http_p50_ms: run.p50,
      statements,
      late: null,
      list: [],
      floor_http_p50_ms: null,
    };
    if (hotCandidates.length > 0) {
      // Older than every call of the hot scenario; interviews and refusals only, so every event
      // takes the late-verdict branch (a voicemail says nothing).
      const few = hotCandidates.slice(0, 5);
      const now = Date.now();
      const lateBodies = Array.from({ length: PROFILE_EVENTS / 2 }, (_, k) => {
        const { callId, i } = benchCallId();
        const call = analyzedCall(callId, few[k % few.length], i, now, {
          start: HOT_BASE - 100_000_000 - k,
          variant: k % 2 === 0 ? 0 : 6,
        });
        return Buffer.from(JSON.stringify({ event: 'call_analyzed', call }));
      });
      const latePool = await signedPool(lateBodies);
      counter.reset();
      const lateRun = await closedLoad(url, latePool, { connections: 1, amount: lateBodies.length });
      const lateEvents = lateRun.ok;
      const [{ n: callsEach }] = (
        await db.query<{ n: number }>(
          `SELECT min(n)::int AS n FROM
             (SELECT count(*) AS n FROM retell_calls WHERE candidate_id = ANY($1) GROUP BY candidate_id) AS c`,
          [few],
        )
      ).rows;
      profile.late = {
        events: lateEvents,
        calls_per_candidate: callsEach,
        round_trips_per_event: round(counter.roundTrips / lateEvents, 2),
        db_ms_per_event: round(counter.dbMs / lateEvents, 3),
        http_p50_ms: lateRun.p50,
        statements: [...counter.statements.entries()]
          .map(([sql, s]) => ({
            sql,
            per_event: round(s.count / lateEvents, 2),
            ms_per_call: round(s.ms / s.count, 3),
          }))
          .sort((a, b) => b.per_event - a.per_event),
      };
    }
    for (const query of listQueries) {
      const path = `/api/candidates?${query}`;
      const pool = new RequestPool([{ method: 'GET', path, headers: { authorization: `Bearer ${API_KEY}` } }]);
      await closedLoad(service.base, pool, { connections: 1, amount: 10 });
      counter.reset();
      const list = await closedLoad(service.base, pool, { connections: 1, amount: 50 });
      profile.list.push({
        query,
        round_trips_per_request: round(counter.roundTrips / list.responses, 2),
        db_ms_per_request: round(counter.dbMs / list.responses, 3),
        http_p50_ms: list.p50,
      });
    }
    if (floor) {
      const floorUrl = `${floor.base}${WEBHOOK_PATH}`;
      await closedLoad(floorUrl, await webhookPool(50, candidate), { connections: 1, amount: 50 });
      const floorRun = await closedLoad(floorUrl, await webhookPool(PROFILE_EVENTS, candidate), {
        connections: 1,
        amount: PROFILE_EVENTS,
      });
      profile.floor_http_p50_ms = floorRun.p50;
    }
    return profile;
  } finally {
    await stopChild(service.child);
    await counter.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite

async function pgliteRun(): Promise<{
  warmup: LoadResult;
  run: Run;
  outcomes: Record<string, number>;
  stackFloor: Run;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'retell-ats-bench-pglite-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const service = await startService('service (PGlite)', { DATABASE_URL: '', PGLITE_DATA_DIR: dataDir });
  try {
    const ids: number[] = [];
    for (let batch = 0; batch < 25; batch++) {
      const created = await Promise.all(
        Array.from({ length: 8 }, async (_, k) => {
          const n = batch * 8 + k;
          const response = await fetch(`${service.base}/api/candidates`, {
            method: 'POST',
            headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              first_name: FIRST_NAMES[n % 20],
              last_name: LAST_NAMES[n % 25],
              email: `pglite.${n}@example.com`,
              phone: `+1415555${1000 + n}`,
              position: 'Data Engineer',
            }),
          });
          const json = (await response.json()) as { id: number };
          if (!response.ok) throw new Error(`POST /api/candidates → ${response.status} ${JSON.stringify(json)}`);
          return json.id;
        }),
      );
      ids.push(...created);
    }
    const { warmup, run } = await maxRate('service on PGlite', service, cycler(ids));
    // The outcomes of the newest 100 events: they must be `applied`, or the run measured a shorter path.
    const response = await fetch(`${service.base}/api/webhooks/retell/events?limit=100`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const page = (await response.json()) as { items?: { outcome: string }[] };
    if (!response.ok) throw new Error(`GET /api/webhooks/retell/events → ${response.status}`);
    const outcomes: Record<string, number> = {};
    for (const item of page.items ?? []) outcomes[item.outcome] = (outcomes[item.outcome] ?? 0) + 1;
    log(`PGlite: outcomes of the newest 100 events: ${JSON.stringify(outcomes)}`);
    await stopChild(service.child);
    // The stack floor on PGlite: one INSERT per event, through the same stack, in a directory of its own.
    const floorDir = mkdtempSync(join(tmpdir(), 'retell-ats-bench-pglite-floor-'));
    cleanups.push(() => rmSync(floorDir, { recursive: true, force: true }));
    const floor = await startFloor({ pgliteDir: floorDir }, true);
    try {
      const { run: stackFloor } = await maxRate('stack floor on PGlite', floor, cycler(ids));
      return { warmup, run, outcomes, stackFloor };
    } finally {
      await stopChild(floor.child);
    }
  } finally {
    await stopChild(service.child);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function pass(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

function fmt(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function table(rows: { label: string; run: Run }[]): string {
  const width = Math.max(...rows.map((r) => r.label.length), 10);
  const columns = [
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    '> 1 s',
    '> 10 s',
    'non-2xx',
    'errors',
    'srv CPU ms/req',
    'PG CPU ms/req',
  ];
  const head = [`${'run'.padEnd(width)}`, ...columns.map((c) => c.padStart(Math.max(7, c.length)))].join('  ');
  const lines = rows.map(({ label, run }) =>
    [
      label.padEnd(width),
      ...[
        fmt(run.rps),
        fmt(run.p50, 2),
        fmt(run.p99, 2),
        fmt(run.max, 1),
        String(run.over1s),
        String(run.over10s),
        String(run.non2xx),
        String(run.errors + run.timeouts),
        fmt(run.cpu.server_ms_per_req, 3),
        fmt(run.cpu.postgres_ms_per_req, 3),
      ].map((value, i) => value.padStart(Math.max(7, columns[i].length))),
    ].join('  '),
  );
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const began = Date.now();
  for (const file of ['dist/main.js', 'dist-tools/bench-floor-server.js']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run bench\` (it builds first)`);
  }
  const baseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    process.stderr.write(
      [
        `Postgres is not reachable at ${new URL(baseUrl).host} (${(error as Error).message}).`,
        'The bench needs a Postgres server (it creates and drops a schema of its own). Either:',
        '  docker run --rm -d --name bench-pg -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16',
        '  or: sudo apt-get install postgresql && sudo service postgresql start',
        'or point DATABASE_URL at one: DATABASE_URL=postgres://user:pass@host:5432/db npm run bench',
        '',
      ].join('\n'),
    );
    process.exit(1);
  }
  const { server_version: pgVersion } = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0];
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin.query(`CREATE SCHEMA "${schema}"`);
  cleanups.push(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });
  const schemaUrl = withSearchPath(baseUrl, schema);
  const machine = {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    postgres: pgVersion,
    loadavg: loadavg().map((l) => round(l, 2)),
  };
  log(
    `${machine.cpus} cores, ${machine.memory_gb} GB, Node ${machine.node}, PostgreSQL ${pgVersion}; schema ${schema}; ` +
      `${SECONDS}s runs after ${WARMUP_SECONDS}s warm-up, ${CONNECTIONS} connections, DB_POOL_MAX ${POOL_MAX}, LOG_LEVEL ${LOG_LEVEL}`,
  );

  // 1. The service on Postgres; candidates.
  const service = await startService('service (Postgres)', { DATABASE_URL: schemaUrl });
  const db = new pg.Client({ connectionString: schemaUrl });
  await db.connect();
  cleanups.push(() => db.end());
  const created = await fetch(`${service.base}/api/candidates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      first_name: 'Api',
      last_name: 'Check',
      email: 'api.check@example.com',
      phone: '+14155550123',
    }),
  });
  if (created.status !== 201) throw new Error(`POST /api/candidates → ${created.status} ${await created.text()}`);
  const t = Date.now();
  await seedCandidates(db, CANDIDATES);
  const ids = (await db.query<{ id: number }>('SELECT id FROM candidates')).rows.map((r) => r.id);
  log(
    `seeded ${ids.length} candidates with SQL in ${((Date.now() - t) / 1000).toFixed(1)} s (VACUUM ANALYZE included)`,
  );
  const { email: oneEmail } = (
    await db.query<{ email: string }>('SELECT email FROM candidates ORDER BY id OFFSET $1 LIMIT 1', [
      Math.floor(ids.length / 2),
    ])
  ).rows[0];
  const listQueries = [
    'status=interviewing&limit=20',
    'status=hired&limit=20',
    'q=garcia&limit=20',
    `q=${encodeURIComponent(oneEmail)}&limit=20`,
  ];
  const lists = SCENARIOS.has('pages') ? await candidatePages(service, listQueries) : [];

  // 2. Webhooks: service, floor, service at half rate.
  const candidate = cycler(ids);
  let floor: Server | undefined;
  let flo: { warmup: LoadResult; run: Run } | undefined;
  let stackFlo: { warmup: LoadResult; run: Run } | undefined;
  let svc: { warmup: LoadResult; run: Run } | undefined;
  let half: Run | undefined;
  let halfRate = 0;
  if (SCENARIOS.has('webhooks')) {
    svc = await maxRate('service on Postgres', service, candidate);
  }
  if (SCENARIOS.has('webhooks') || SCENARIOS.has('hot')) {
    await db.query('CREATE TABLE bench_floor_events (LIKE retell_webhook_events INCLUDING ALL)');
    floor = await startFloor({ url: schemaUrl, table: 'bench_floor_events' }, false);
    flo = await maxRate('floor', floor, candidate);
  }
  if (SCENARIOS.has('webhooks')) {
    await db.query('CREATE TABLE bench_stack_floor_events (LIKE retell_webhook_events INCLUDING ALL)');
    const stackFloor = await startFloor({ url: schemaUrl, table: 'bench_stack_floor_events' }, true);
    try {
      stackFlo = await maxRate('stack floor', stackFloor, candidate);
    } finally {
      await stopChild(stackFloor.child);
    }
  }
  if (svc) {
    halfRate = Math.max(1, Math.floor(svc.run.rps / 2));
    const rate = halfRate;
    const pool = (seconds: number) => webhookPool(Math.ceil(rate * seconds * 1.15) + 200, candidate);
    const atHalfRate = (requests: RequestPool, seconds: number) =>
      openLoad(`${service.base}${WEBHOOK_PATH}`, requests, { rate, seconds, connections: CONNECTIONS });
    // A warm-up at the same rate, as before every other run: the service sat idle while the floors
    // ran, and the first second of load after a pause (new client connections, a GC) is not the
    // steady state this run measures.
    const warm = await atHalfRate(await pool(WARMUP_SECONDS), WARMUP_SECONDS);
    log(describeRun(`service at half rate, warm-up (${rate}/s offered)`, warm));
    const measured = await pool(SECONDS);
    half = await withCpu(service.child.process.pid, () => atHalfRate(measured, SECONDS));
    log(describeRun(`service at half rate (${rate}/s offered)`, half));
  }

  // 3. Hot candidates: the tail of issue 10.
  const hot = SCENARIOS.has('hot') ? await hotScenario(service, db) : undefined;

  const outcomes = Object.fromEntries(
    (
      await db.query<{ outcome: string; n: string }>(
        'SELECT outcome, count(*) AS n FROM retell_webhook_events GROUP BY outcome ORDER BY outcome',
      )
    ).rows.map((r) => [r.outcome, Number(r.n)]),
  );
  const floorRows = floor
    ? Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM bench_floor_events')).rows[0].n)
    : 0;
  log(`service event outcomes: ${JSON.stringify(outcomes)}; floor rows: ${floorRows}`);
  await stopChild(service.child);

  // 4. Round trips per event (a second service instance behind a counting proxy), floor at c=1.
  const profile = SCENARIOS.has('profile')
    ? await roundTripProfile(
        schemaUrl,
        db,
        candidate,
        floor,
        SCENARIOS.has('pages') ? [listQueries[0], listQueries[3]] : [],
      )
    : undefined;
  if (floor) await stopChild(floor.child);
  if (profile) {
    log(
      `profile: ${profile.round_trips_per_event} round trips and ${profile.db_ms_per_event} ms in Postgres per event; ` +
        `HTTP p50 at 1 connection ${profile.http_p50_ms} ms (floor ${profile.floor_http_p50_ms} ms)`,
    );
    for (const s of profile.statements) log(`  ${s.per_event.toFixed(2)}× ${s.ms_per_call.toFixed(3)} ms  ${s.sql}`);
    if (profile.late) {
      log(
        `profile, late events of older calls (candidates with ≥ ${profile.late.calls_per_candidate} calls): ` +
          `${profile.late.round_trips_per_event} round trips and ${profile.late.db_ms_per_event} ms in Postgres per event; ` +
          `HTTP p50 ${profile.late.http_p50_ms} ms`,
      );
      for (const s of profile.late.statements) {
        log(`  ${s.per_event.toFixed(2)}× ${s.ms_per_call.toFixed(3)} ms  ${s.sql}`);
      }
    }
  }

  // 5. PGlite.
  const lite = SCENARIOS.has('pglite') ? await pgliteRun() : undefined;

  // Report.
  const failures = (run: LoadResult | undefined): number => (run ? run.non2xx + run.errors + run.timeouts : 0);
  const ratio = svc && flo ? round(svc.run.rps / flo.run.rps, 2) : null;
  const stackRatio = stackFlo && flo ? round(stackFlo.run.rps / flo.run.rps, 2) : null;
  const hotRatio = hot && flo ? round(hot.ingest.rps / flo.run.rps, 2) : null;
  const serviceNon2xx =
    failures(svc?.run) + failures(half) + failures(lite?.run) + lists.reduce((sum, l) => sum + failures(l.run), 0);
  const targets: { name: string; value: string; ok: boolean }[] = [];
  if (ratio !== null) {
    targets.push({
      name: `service on Postgres ≥ ${TARGETS.serviceVsFloor}× floor`,
      value: `${ratio}×`,
      ok: ratio >= TARGETS.serviceVsFloor,
    });
  }
  if (half) {
    targets.push({
      name: `p99 ≤ ${TARGETS.halfLoadP99Ms} ms at half load`,
      value: `${half.p99} ms`,
      ok: half.p99 <= TARGETS.halfLoadP99Ms,
    });
  }
  if (svc || lite || lists.length > 0) {
    targets.push({ name: '0 non-2xx (service runs)', value: String(serviceNon2xx), ok: serviceNon2xx === 0 });
  }
  if (hot) {
    const hotFailures = failures(hot.ingest) + failures(hot.late);
    const hotMax = Math.max(hot.ingest.max, hot.late.max, hot.late.timeouts > 0 ? Infinity : 0);
    targets.push(
      {
        name: `hot candidates: new calls ≥ ${TARGETS.serviceVsFloor}× floor`,
        value: `${hotRatio}×`,
        ok: hotRatio !== null && hotRatio >= TARGETS.serviceVsFloor,
      },
      {
        name: `hot candidates: p99 ≤ ${TARGETS.halfLoadP99Ms} ms at half load (late events + copies)`,
        value: `${hot.late.p99} ms`,
        ok: hot.late.p99 <= TARGETS.halfLoadP99Ms,
      },
      {
        name: `hot candidates: max latency < ${TARGETS.hotMaxMs} ms (both runs)`,
        value: `${Number.isFinite(hotMax) ? hotMax : '> 10000'} ms; ${hot.ingest.over1s + hot.late.over1s} over 1 s, ${hot.ingest.over10s + hot.late.over10s} over 10 s`,
        ok: hotMax < TARGETS.hotMaxMs,
      },
      { name: 'hot candidates: 0 errors or non-2xx (both runs)', value: String(hotFailures), ok: hotFailures === 0 },
    );
  }
  if (lite) {
    targets.push({
      name: `PGlite ≥ ${TARGETS.pgliteEventsPerSecond} events/s`,
      value: `${lite.run.rps}/s`,
      ok: lite.run.rps >= TARGETS.pgliteEventsPerSecond,
    });
  }
  if (lists.length > 0) {
    const worstListP99 = Math.max(...lists.map((l) => l.run.p99));
    targets.push({
      name: `filtered candidate page p99 ≤ ${TARGETS.listP99Ms} ms at ${ids.length} rows`,
      value: `worst ${worstListP99} ms`,
      ok: worstListP99 <= TARGETS.listP99Ms,
    });
  }
  if (profile) {
    targets.push({
      name: `round trips per ordinary webhook ≤ ${TARGETS.roundTrips}`,
      value: String(profile.round_trips_per_event),
      ok: profile.round_trips_per_event <= TARGETS.roundTrips,
    });
    if (profile.late) {
      targets.push({
        name: 'round trips per late event of an older call = per ordinary webhook',
        value: `${profile.late.round_trips_per_event} (candidates with ≥ ${profile.late.calls_per_candidate} calls)`,
        ok: profile.late.round_trips_per_event <= profile.round_trips_per_event,
      });
    }
  }
  const rows: { label: string; run: Run }[] = [];
  if (svc) rows.push({ label: 'webhook: service on Postgres (max)', run: svc.run });
  if (flo) rows.push({ label: 'webhook: floor (max)', run: flo.run });
  if (stackFlo) rows.push({ label: 'webhook: stack floor (max)', run: stackFlo.run });
  if (half) rows.push({ label: `webhook: service at half rate (${halfRate}/s, open)`, run: half });
  if (hot) {
    rows.push(
      { label: `hot: new calls (max, ${hot.connections} conn.)`, run: hot.ingest },
      { label: `hot: late + copies (${hot.late.offered_rps}/s, paced)`, run: hot.late },
    );
  }
  if (lite) {
    rows.push(
      { label: 'webhook: service on PGlite (max)', run: lite.run },
      { label: 'webhook: stack floor on PGlite (max)', run: lite.stackFloor },
    );
  }
  rows.push(
    ...lists.map((l) => ({ label: `GET ?${l.query.length > 40 ? `${l.query.slice(0, 37)}…` : l.query}`, run: l.run })),
  );
  const otherCores = Math.max(0, ...rows.map((r) => r.run.cpu.other_cores ?? 0));
  const busy =
    otherCores >= 0.25
      ? `WARNING: other processes kept up to ${otherCores} of ${machine.cpus} cores busy during a run (load average at start ${machine.loadavg.join(' ')}): the figures are skewed; rerun on a quiet machine.`
      : `Other processes during the runs: at most ${otherCores} cores.`;
  process.stdout.write(
    [
      '',
      `retell-ats bench, ${machine.date}: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}, PostgreSQL ${pgVersion}`,
      `scenarios: ${[...SCENARIOS].join(', ')}; webhook runs: ${CONNECTIONS} connections (hot: ${HOT_CONNECTIONS}, ${HOT_CANDIDATES} candidates), ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; pages: ${LIST_CONNECTIONS} connections, ${LIST_SECONDS} s`,
      '',
      table(rows),
      '',
      ...(svc && flo
        ? [
            `service/floor throughput: ${ratio}  (server CPU per event: service ${fmt(svc.run.cpu.server_ms_per_req, 3)} ms, floor ${fmt(flo.run.cpu.server_ms_per_req, 3)} ms; Postgres CPU per event: service ${fmt(svc.run.cpu.postgres_ms_per_req, 3)} ms, floor ${fmt(flo.run.cpu.postgres_ms_per_req, 3)} ms)`,
            ...(stackFlo
              ? [
                  `stack floor/floor throughput: ${stackRatio}  (the floor's one INSERT through Nest, Express, helmet, pino and TypeORM: server CPU per event ${fmt(stackFlo.run.cpu.server_ms_per_req, 3)} ms)`,
                ]
              : []),
          ]
        : []),
      ...(hot
        ? [
            `hot candidates: ${hot.calls_per_candidate.min}–${hot.calls_per_candidate.max} calls each at the end; new calls/floor ${hotRatio}; late-run sender lag max ${hot.late.lag_max_ms} ms`,
          ]
        : []),
      ...(profile
        ? [
            `Postgres round trips per event: service ${profile.round_trips_per_event}${profile.late ? ` (late event of an older call: ${profile.late.round_trips_per_event})` : ''}, floor 1; at 1 connection: service p50 ${profile.http_p50_ms} ms (${profile.db_ms_per_event} ms of it waiting on Postgres), floor p50 ${profile.floor_http_p50_ms} ms`,
          ]
        : []),
      '',
      'Targets',
      ...targets.map((target) => `  [${pass(target.ok)}] ${target.name}: ${target.value}`),
      '',
      busy,
      `bench took ${Math.round((Date.now() - began) / 1000)} s`,
      '',
    ].join('\n'),
  );
  const summary = {
    bench: 'retell-ats',
    machine,
    settings: {
      scenarios: [...SCENARIOS],
      seconds: SECONDS,
      warmup_seconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      db_pool_max: POOL_MAX,
      log_level: LOG_LEVEL,
      candidates: ids.length,
      hot_candidates: HOT_CANDIDATES,
      hot_connections: HOT_CONNECTIONS,
      hot_preload: HOT_PRELOAD,
      list_connections: LIST_CONNECTIONS,
      list_seconds: LIST_SECONDS,
    },
    service_postgres: svc?.run ?? null,
    floor: flo?.run ?? null,
    ratio_service_floor: ratio,
    stack_floor: stackFlo?.run ?? null,
    ratio_stack_floor_floor: stackRatio,
    half_rate: half ? { offered_rps: halfRate, ...half } : null,
    hot: hot ? { ...hot, ratio_ingest_floor: hotRatio } : null,
    pglite: lite ? { ...lite.run, newest_100_outcomes: lite.outcomes, stack_floor: lite.stackFloor } : null,
    candidate_pages: lists.map((l) => ({ query: l.query, items: l.rows, ...l.run })),
    event_outcomes: outcomes,
    profile: profile ?? null,
    targets: targets.map((target) => ({ target: target.name, value: target.value, pass: target.ok })),
    max_other_cores: otherCores,
    duration_s: Math.round((Date.now() - began) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main()
  .catch((error: unknown) => {
    if (interrupted) return;
    process.stderr.write(`Bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
