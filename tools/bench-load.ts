/**
 * Load generation and measurement helpers for `npm run bench` (tools/bench.ts).
 *
 * - {@link RequestPool}: pre-built, pre-signed requests handed out one per HTTP request, so every
 *   request of a run carries a distinct body.
 * - {@link closedLoad}: autocannon with N connections as fast as the server answers (max rate).
 * - {@link openLoad}: autocannon `overallRate` (the open model), split over several staggered
 *   instances so the per-second bursts of autocannon's rate limiter are spread over the second.
 * - {@link pacedLoad}: a strict open model with `node:http`: request k leaves at start + k/rate
 *   whatever happened to the earlier ones, and its latency counts from that instant. autocannon's
 *   open model stops sending when its connections are all waiting, which hides a queue.
 * - {@link PgWireCounter}: a loopback TCP proxy in front of Postgres that counts protocol round
 *   trips and statements and times them, to attribute work per webhook event.
 *
 * Latencies are taken from autocannon's `response` events (every status, not only 2xx), so the
 * percentiles are exact and free of autocannon's coordinated-omission correction.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';

/** One request's method, path, headers and body. */
export interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Hands out prepared requests in order; past the end it wraps around and counts it. */
export class RequestPool {
  private next = 0;
  wraps = 0;

  constructor(readonly items: PreparedRequest[]) {
    if (items.length === 0) throw new Error('empty request pool');
  }

  take(): PreparedRequest {
    if (this.next >= this.items.length) {
      this.next = 0;
      this.wraps++;
    }
    return this.items[this.next++];
  }

  get used(): number {
    return this.wraps * this.items.length + this.next;
  }
}

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  seconds: number;
  responses: number;
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Responses slower than 1 s. */
  over1s: number;
  /** Requests without an answer within 10 s (Retell's webhook timeout), answered late or not at all. */
  over10s: number;
  /** The pool ran out and requests were repeated (duplicates): the run is not clean. */
  poolWraps: number;
}

const running = new Set<autocannon.Instance>();

let stopping = false;

/** Stops every autocannon instance still running, and paced runs (SIGINT). */
export function stopAllLoad(): void {
  stopping = true;
  for (const instance of running) instance.stop();
}

interface Raw {
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  startedAt: number;
  endedAt: number;
}

function runOne(options: autocannon.Options, pool: RequestPool, raw: Raw): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        ...options,
        requests: [
          {
            setupRequest: (request) => {
              const next = pool.take();
              return { ...request, method: next.method, path: next.path, headers: next.headers, body: next.body };
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        running.delete(instance);
        raw.endedAt = Math.max(raw.endedAt, Date.now());
        if (error) return reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        raw.errors += result.errors - result.timeouts;
        raw.timeouts += result.timeouts;
        resolve();
      },
    );
    running.add(instance);
    raw.startedAt = Math.min(raw.startedAt, Date.now());
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      raw.latencies.push(responseTime);
      raw.statuses[statusCode] = (raw.statuses[statusCode] ?? 0) + 1;
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function summarise(raw: Raw, pool: RequestPool, wrapsBefore: number, window?: number): LoadResult {
  const sorted = Float64Array.from(raw.latencies).sort();
  const list = Array.from(sorted);
  const seconds = window ?? Math.max(0.001, (raw.endedAt - raw.startedAt) / 1000);
  let ok = 0;
  for (const [code, count] of Object.entries(raw.statuses)) if (code.startsWith('2')) ok += count;
  const responses = raw.latencies.length;
  let over1s = 0;
  let over10s = raw.timeouts;
  for (let i = list.length - 1; i >= 0 && list[i] > 1000; i--) {
    over1s++;
    if (list[i] > 10_000) over10s++;
  }
  return {
    seconds: round(seconds, 2),
    responses,
    rps: round(responses / seconds, 1),
    ok,
    non2xx: responses - ok,
    errors: raw.errors,
    timeouts: raw.timeouts,
    statuses: raw.statuses,
    p50: round(percentile(list, 50), 2),
    p90: round(percentile(list, 90), 2),
    p99: round(percentile(list, 99), 2),
    max: round(list.length > 0 ? list[list.length - 1] : NaN, 2),
    over1s,
    over10s,
    poolWraps: pool.wraps - wrapsBefore,
  };
}

function newRaw(): Raw {
  return { latencies: [], statuses: {}, errors: 0, timeouts: 0, startedAt: Infinity, endedAt: 0 };
}

/** Closed model: `connections` connections, each sending its next request when the previous answers. */
export async function closedLoad(
  url: string,
  pool: RequestPool,
  options: { connections: number; seconds?: number; amount?: number },
): Promise<LoadResult> {
  const raw = newRaw();
  const wraps = pool.wraps;
  await runOne(
    {
      url,
      connections: options.connections,
      duration: options.seconds ?? 10,
      amount: options.amount,
      timeout: 10,
    },
    pool,
    raw,
  );
  return summarise(raw, pool, wraps);
}

/**
 * Open model: `rate` requests per second in total with autocannon's `overallRate`. autocannon
 * releases each connection's quota at the start of every second, so a single instance sends its
 * whole second's worth in one burst; `slices` instances started 1/slices s apart spread the bursts.
 */
export async function openLoad(
  url: string,
  pool: RequestPool,
  options: { rate: number; seconds: number; connections: number; slices?: number },
): Promise<LoadResult> {
  const slices = Math.max(1, Math.min(options.slices ?? 20, Math.floor(options.rate)));
  const raw = newRaw();
  const wraps = pool.wraps;
  const runs: Promise<void>[] = [];
  for (let i = 0; i < slices; i++) {
    const rate = Math.floor(options.rate / slices) + (i < Math.floor(options.rate) % slices ? 1 : 0);
    const connections = Math.max(1, Math.min(rate, Math.ceil(options.connections / slices)));
    runs.push(
      new Promise<void>((resolve) => setTimeout(resolve, (i * 1000) / slices)).then(() =>
        runOne({ url, connections, overallRate: rate, duration: options.seconds, timeout: 10 }, pool, raw),
      ),
    );
  }
  await Promise.all(runs);
  // Each slice ran `seconds`; they were staggered over the first second, so the offered window is `seconds`.
  return summarise(raw, pool, wraps, options.seconds);
}

/**
 * Strict open model: request k is sent at start + k/rate (ms precision), on its own socket when the
 * others are busy, and its latency runs from that scheduled instant, so a server that falls behind
 * shows its queue. A request unanswered after `timeoutMs` (Retell's 10 s) is abandoned and counted
 * in `timeouts`. `lagMaxMs` is how late this process sent a request (its own CPU starvation).
 */
export async function pacedLoad(
  url: string,
  pool: RequestPool,
  options: { rate: number; seconds: number; timeoutMs?: number; maxSockets?: number },
): Promise<LoadResult & { lagMaxMs: number }> {
  const target = new URL(url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 1024 });
  const raw = newRaw();
  const wraps = pool.wraps;
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  let lagMaxMs = 0;
  let settled = 0;
  const start = performance.now() + 5;
  raw.startedAt = Date.now();

  const send = (scheduled: number): void => {
    const next = pool.take();
    lagMaxMs = Math.max(lagMaxMs, performance.now() - scheduled);
    let done = false;
    const finish = (status: number | null): void => {
      if (done) return;
      done = true;
      settled++;
      if (status === null) {
        raw.timeouts++;
      } else {
        raw.latencies.push(performance.now() - scheduled);
        raw.statuses[status] = (raw.statuses[status] ?? 0) + 1;
      }
    };
    const req = httpRequest(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: next.method,
        path: next.path,
        headers: { ...next.headers, ...(next.body ? { 'content-length': String(next.body.length) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode ?? 0));
        res.on('error', () => {
          raw.errors++;
          finish(null);
        });
      },
    );
    req.setTimeout(timeoutMs, () => {
      finish(null);
      req.destroy();
    });
    req.on('error', () => {
      if (!done) {
        raw.errors++;
        done = true;
        settled++;
      }
    });
    req.end(next.body);
  };

  await new Promise<void>((resolve) => {
    let sent = 0;
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
      if (stopping) return resolve();
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(interval, start + sent * interval - now)));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  while (settled < total && !stopping) await new Promise((resolve) => setTimeout(resolve, 20));
  raw.endedAt = Date.now();
  agent.destroy();
  return { ...summarise(raw, pool, wraps, options.seconds), lagMaxMs: round(lagMaxMs, 1) };
}

/** A positive integer from the environment variable `name`, else `fallback`. */
export function intSetting(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * CPU milliseconds (user + system, every thread) of a process, from /proc; null where /proc is
 * unavailable. With `children`, adds the CPU of its children that have exited and been reaped.
 */
export function processCpuMs(pid: number | undefined, children = false): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // stat fields 14-17 (utime, stime, cutime, cstime), counted here from `state` (field 3); USER_HZ is 100.
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks * 10;
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds of every process named `postgres` on this machine (a local server), or null.
 * Backends that ended count through the postmaster's reaped-children time.
 */
export function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const ms = processCpuMs(Number(entry), true);
      if (ms !== null) {
        total += ms;
        found = true;
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? total : null;
}

/** Busy CPU milliseconds of the whole machine (every core), from /proc/stat; null without /proc. */
export function machineBusyMs(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    // cpu user nice system idle iowait irq softirq steal …, in USER_HZ (100) ticks.
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return null;
  }
}

/** Per-statement figures seen by {@link PgWireCounter}. */
export interface StatementStats {
  count: number;
  ms: number;
}

/**
 * A TCP proxy in front of Postgres that reads the frontend/backend protocol: every `Query` ('Q')
 * or `Sync` ('S') the client sends is one round trip, answered by one `ReadyForQuery` ('Z').
 * It keeps the SQL text of each round trip and the time until its `ReadyForQuery`.
 * Plain TCP only (the bench talks to a loopback server without TLS).
 */
export class PgWireCounter {
  roundTrips = 0;
  dbMs = 0;
  readonly statements = new Map<string, StatementStats>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  reset(): void {
    this.roundTrips = 0;
    this.dbMs = 0;
    this.statements.clear();
  }

  async start(): Promise<number> {
    this.server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    // Round trips awaiting their ReadyForQuery: SQL text (null for the startup) and send time.
    const pending: { sql: string | null; at: number }[] = [];
    let frontend = Buffer.alloc(0);
    let backend = Buffer.alloc(0);
    let started = false;
    let lastSql = '';
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      frontend = Buffer.concat([frontend, chunk]);
      for (;;) {
        if (!started) {
          if (frontend.length < 4) break;
          const length = frontend.readInt32BE(0);
          if (frontend.length < length) break;
          frontend = frontend.subarray(length);
          started = true;
          pending.push({ sql: null, at: performance.now() });
          continue;
        }
        if (frontend.length < 5) break;
        const type = String.fromCharCode(frontend[0]);
        const length = frontend.readInt32BE(1);
        if (frontend.length < 1 + length) break;
        const payload = frontend.subarray(5, 1 + length);
        if (type === 'Q') {
          lastSql = cString(payload, 0);
          pending.push({ sql: lastSql, at: performance.now() });
        } else if (type === 'P') {
          const nameEnd = payload.indexOf(0);
          lastSql = cString(payload, nameEnd + 1);
        } else if (type === 'S') {
          pending.push({ sql: lastSql, at: performance.now() });
        }
        frontend = frontend.subarray(1 + length);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      backend = Buffer.concat([backend, chunk]);
      while (backend.length >= 5) {
        const length = backend.readInt32BE(1);
        if (backend.length < 1 + length) break;
        if (backend[0] === 0x5a /* Z */) {
          const done = pending.shift();
          if (done && done.sql !== null) {
            const ms = performance.now() - done.at;
            this.roundTrips++;
            this.dbMs += ms;
            const key = normaliseSql(done.sql);
            const stats = this.statements.get(key) ?? { count: 0, ms: 0 };
            stats.count++;
            stats.ms += ms;
            this.statements.set(key, stats);
          }
        }
        backend = backend.subarray(1 + length);
      }
    });
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }
}

function cString(buffer: Buffer, start: number): string {
  const end = buffer.indexOf(0, start);
  return buffer.toString('utf8', start, end < 0 ? buffer.length : end);
}

/** One line, collapsed whitespace, long column lists shortened: a readable key per statement. */
function normaliseSql(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  const shortened = line.replace(/SELECT (.{60}).*? FROM/i, 'SELECT $1… FROM');
  return shortened.length > 160 ? `${shortened.slice(0, 157)}…` : shortened;
}
