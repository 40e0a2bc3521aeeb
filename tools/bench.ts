/**
 * `npm run bench`: throughput and latency of Retell's webhook, against a floor, on one machine.
 *
 * 1. Starts the built service (`dist/main.js`) on Postgres, in a fresh schema `bench_<random>` of
 *    `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test), dropped at the end.
 * 2. Seeds candidates with SQL (100k by default) and measures filtered candidate pages.
 * 3. Webhook load with autocannon, from this process (the servers are child processes), every
 *    request a distinct `call_analyzed` body (~5 kB) pre-signed with `Retell.sign`:
 *    the service at max rate; the floor (tools/bench-floor-server.ts: node:http + Retell.verify +
 *    JSON.parse + one INSERT … ON CONFLICT DO NOTHING) at max rate; the service at half its max
 *    rate (open model, autocannon `overallRate`).
 * 4. Counts Postgres round trips per event through a counting proxy (a second service instance).
 * 5. The service on PGlite (a temporary data directory): sustained events/s.
 * Prints a table, the targets with pass/fail, and one JSON line with every figure (last line).
 *
 * Settings (environment): DATABASE_URL, BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3),
 * BENCH_CONNECTIONS (32), BENCH_CANDIDATES (100000), DB_POOL_MAX (10), BENCH_LOG_LEVEL (warn).
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
  machineBusyMs,
  openLoad,
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

const intSetting = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const SECONDS = intSetting('BENCH_SECONDS', 10);
const WARMUP_SECONDS = intSetting('BENCH_WARMUP_SECONDS', 3);
const CONNECTIONS = intSetting('BENCH_CONNECTIONS', 32);
const CANDIDATES = intSetting('BENCH_CANDIDATES', 100_000);
const POOL_MAX = intSetting('DB_POOL_MAX', 10);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'warn';
const LIST_SECONDS = 5;
const LIST_CONNECTIONS = 1;
const PROFILE_EVENTS = 300;

const RETELL_API_KEY = `key_bench_${randomBytes(12).toString('hex')}`;
const API_KEY = `bench-recruiter-${randomBytes(12).toString('hex')}`;
const RUN_TAG = randomBytes(4).toString('hex');

const TARGETS = {
  serviceVsFloor: 0.5,
  halfLoadP99Ms: 50,
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
  const child = startChild(name, ['dist/main.js'], {
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

async function startFloor(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = startChild('floor', ['dist-tools/bench-floor-server.js'], {
    ...process.env,
    PORT: String(port),
    FLOOR_DATABASE_URL: databaseUrl,
    FLOOR_TABLE: 'bench_floor_events',
    RETELL_API_KEY,
    DB_POOL_MAX: String(POOL_MAX),
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(child, `${base}/health`);
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

/** A `call_analyzed` call object shaped like retell-sdk's PhoneCallResponse, about 5 kB as JSON. */
function analyzedCall(callId: string, candidateId: number, i: number, now: number): PhoneCallResponse {
  const name = `Candidate${candidateId}`;
  const position = 'Data Engineer';
  const start = now - 420_000 - (i % 97) * 1000;
  const end = start + 300_000 + (i % 89) * 1000;
  const kind = i % 10 < 6 ? 'booked' : i % 10 < 9 ? 'declined' : 'voicemail';
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

/** `count` distinct `call_analyzed` webhooks, each signed with `Retell.sign` now (5-minute validity). */
async function webhookPool(count: number, candidate: () => number): Promise<RequestPool> {
  const now = Date.now();
  const bodies: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const i = eventCounter++;
    const callId = `call_bench${RUN_TAG}${i.toString(16).padStart(8, '0')}`;
    bodies.push(
      Buffer.from(JSON.stringify({ event: 'call_analyzed', call: analyzedCall(callId, candidate(), i, now) })),
    );
  }
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

async function withCpu(serverPid: number | undefined, work: () => Promise<LoadResult>): Promise<Run> {
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
  return `${label}: ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, max ${run.max} ms, non-2xx ${run.non2xx}, errors ${run.errors + run.timeouts}${wraps}`;
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
 * the call fields a call leaves (transcript, summary, analysis), as the list endpoint returns them.
 */
async function seedCandidates(db: pg.Client, count: number): Promise<void> {
  const transcript = TURNS.map(([role, text]) => `${role === 'agent' ? 'Agent' : 'User'}: ${text}`)
    .join('\n')
    .replace('{name}', 'there')
    .replace('{position}', 'the role');
  const analysis = JSON.stringify(analyzedCall('call_seed', 1, 0, Date.now()).call_analysis);
  await db.query(
    `INSERT INTO candidates (first_name, last_name, email, phone, position, company, timezone, status, created_at, updated_at,
       retell_call_id, retell_call_status, retell_call_type, retell_disconnection_reason, retell_transcript,
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
       CASE WHEN called THEN $4::text END,
       CASE WHEN called THEN 'Screened ' || f || ' ' || l || ' for the role.' END,
       CASE WHEN called THEN $5::jsonb END,
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
    [count, FIRST_NAMES, LAST_NAMES, transcript, analysis],
  );
  await db.query('VACUUM ANALYZE candidates');
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
  list: { query: string; round_trips_per_request: number; db_ms_per_request: number; http_p50_ms: number }[];
  floor_http_p50_ms: number | null;
}

async function roundTripProfile(
  databaseUrl: string,
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
      list: [],
      floor_http_p50_ms: null,
    };
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

async function pgliteRun(): Promise<{ warmup: LoadResult; run: Run; outcomes: Record<string, number> }> {
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
    return { warmup, run, outcomes };
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
  const columns = ['req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'srv CPU ms/req', 'PG CPU ms/req'];
  const head = [`${'run'.padEnd(width)}`, ...columns.map((c) => c.padStart(Math.max(7, c.length)))].join('  ');
  const lines = rows.map(({ label, run }) =>
    [
      label.padEnd(width),
      ...[
        fmt(run.rps),
        fmt(run.p50, 2),
        fmt(run.p99, 2),
        fmt(run.max, 1),
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
  const lists = await candidatePages(service, listQueries);

  // 2. Webhooks: service, floor, service at half rate.
  const candidate = cycler(ids);
  const svc = await maxRate('service on Postgres', service, candidate);
  await db.query('CREATE TABLE bench_floor_events (LIKE retell_webhook_events INCLUDING ALL)');
  const floor = await startFloor(schemaUrl);
  const flo = await maxRate('floor', floor, candidate);
  const halfRate = Math.max(1, Math.floor(svc.run.rps / 2));
  const halfPool = await webhookPool(Math.ceil(halfRate * SECONDS * 1.15) + 200, candidate);
  const half = await withCpu(service.child.process.pid, () =>
    openLoad(`${service.base}${WEBHOOK_PATH}`, halfPool, {
      rate: halfRate,
      seconds: SECONDS,
      connections: CONNECTIONS,
    }),
  );
  log(describeRun(`service at half rate (${halfRate}/s offered)`, half));
  const outcomes = Object.fromEntries(
    (
      await db.query<{ outcome: string; n: string }>(
        'SELECT outcome, count(*) AS n FROM retell_webhook_events GROUP BY outcome ORDER BY outcome',
      )
    ).rows.map((r) => [r.outcome, Number(r.n)]),
  );
  const floorRows = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM bench_floor_events')).rows[0].n);
  log(`service event outcomes: ${JSON.stringify(outcomes)}; floor rows: ${floorRows}`);
  await stopChild(service.child);

  // 3. Round trips per event (a second service instance behind a counting proxy), floor at c=1.
  const profile = await roundTripProfile(schemaUrl, candidate, floor, [listQueries[0], listQueries[3]]);
  await stopChild(floor.child);
  log(
    `profile: ${profile.round_trips_per_event} round trips and ${profile.db_ms_per_event} ms in Postgres per event; ` +
      `HTTP p50 at 1 connection ${profile.http_p50_ms} ms (floor ${profile.floor_http_p50_ms} ms)`,
  );
  for (const s of profile.statements) log(`  ${s.per_event.toFixed(2)}× ${s.ms_per_call.toFixed(3)} ms  ${s.sql}`);

  // 4. PGlite.
  const lite = await pgliteRun();

  // Report.
  const ratio = round(svc.run.rps / flo.run.rps, 2);
  const serviceNon2xx =
    svc.run.non2xx +
    svc.run.errors +
    svc.run.timeouts +
    half.non2xx +
    half.errors +
    half.timeouts +
    lite.run.non2xx +
    lite.run.errors +
    lite.run.timeouts +
    lists.reduce((sum, l) => sum + l.run.non2xx + l.run.errors + l.run.timeouts, 0);
  const worstListP99 = Math.max(...lists.map((l) => l.run.p99));
  const targets = [
    {
      name: `service on Postgres ≥ ${TARGETS.serviceVsFloor}× floor`,
      value: `${ratio}×`,
      ok: ratio >= TARGETS.serviceVsFloor,
    },
    {
      name: `p99 ≤ ${TARGETS.halfLoadP99Ms} ms at half load`,
      value: `${half.p99} ms`,
      ok: half.p99 <= TARGETS.halfLoadP99Ms,
    },
    { name: '0 non-2xx (service runs)', value: String(serviceNon2xx), ok: serviceNon2xx === 0 },
    {
      name: `PGlite ≥ ${TARGETS.pgliteEventsPerSecond} events/s`,
      value: `${lite.run.rps}/s`,
      ok: lite.run.rps >= TARGETS.pgliteEventsPerSecond,
    },
    {
      name: `filtered candidate page p99 ≤ ${TARGETS.listP99Ms} ms at ${ids.length} rows`,
      value: `worst ${worstListP99} ms`,
      ok: worstListP99 <= TARGETS.listP99Ms,
    },
  ];
  const rows = [
    { label: 'webhook: service on Postgres (max)', run: svc.run },
    { label: 'webhook: floor (max)', run: flo.run },
    { label: `webhook: service at half rate (${halfRate}/s, open)`, run: half },
    { label: 'webhook: service on PGlite (max)', run: lite.run },
    ...lists.map((l) => ({ label: `GET ?${l.query.length > 40 ? `${l.query.slice(0, 37)}…` : l.query}`, run: l.run })),
  ];
  const otherCores = Math.max(0, ...rows.map((r) => r.run.cpu.other_cores ?? 0));
  const busy =
    otherCores >= 0.25
      ? `WARNING: other processes kept up to ${otherCores} of ${machine.cpus} cores busy during a run (load average at start ${machine.loadavg.join(' ')}): the figures are skewed; rerun on a quiet machine.`
      : `Other processes during the runs: at most ${otherCores} cores.`;
  process.stdout.write(
    [
      '',
      `retell-ats bench, ${machine.date}: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}, PostgreSQL ${pgVersion}`,
      `webhook runs: ${CONNECTIONS} connections, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, ~${halfPool.items[0].body!.length} B signed bodies; pages: ${LIST_CONNECTIONS} connections, ${LIST_SECONDS} s`,
      '',
      table(rows),
      '',
      `service/floor throughput: ${ratio}  (server CPU per event: service ${fmt(svc.run.cpu.server_ms_per_req, 3)} ms, floor ${fmt(flo.run.cpu.server_ms_per_req, 3)} ms; Postgres CPU per event: service ${fmt(svc.run.cpu.postgres_ms_per_req, 3)} ms, floor ${fmt(flo.run.cpu.postgres_ms_per_req, 3)} ms)`,
      `Postgres round trips per event: service ${profile.round_trips_per_event}, floor 1; at 1 connection: service p50 ${profile.http_p50_ms} ms (${profile.db_ms_per_event} ms of it waiting on Postgres), floor p50 ${profile.floor_http_p50_ms} ms`,
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
      seconds: SECONDS,
      warmup_seconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      db_pool_max: POOL_MAX,
      log_level: LOG_LEVEL,
      candidates: ids.length,
      list_connections: LIST_CONNECTIONS,
      list_seconds: LIST_SECONDS,
      body_bytes: halfPool.items[0].body!.length,
    },
    service_postgres: svc.run,
    floor: flo.run,
    ratio_service_floor: ratio,
    half_rate: { offered_rps: halfRate, ...half },
    pglite: { ...lite.run, newest_100_outcomes: lite.outcomes },
    candidate_pages: lists.map((l) => ({ query: l.query, items: l.rows, ...l.run })),
    event_outcomes: outcomes,
    profile,
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
