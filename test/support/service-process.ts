import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_KEY, createSchema, dropSchema, RETELL_KEY, TEST_DATABASE_URL } from './test-app.js';
import { freePort } from '../../tools/free-port.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The built service (`dist/main.js`, as `npm start` runs it) in a child process. */
export interface ServiceProcess {
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal`; resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The database the process uses: a Postgres URL, or a PGlite data directory. */
  database: { url?: string; pgliteDir?: string; schema?: string };
  /** Starts the same service again on the same database. */
  restart(): Promise<ServiceProcess>;
  /** Drops the Postgres schema, if any. */
  cleanup(): Promise<void>;
}

/** A first start on PGlite creates the database (about 10 s alone, more on a busy machine). */
const START_TIMEOUT_MS = 45_000;

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${output()}`);
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`service not healthy:\n${output()}`);
}

/**
 * Starts `node dist/main.js` (run `npm run build` first; `npm test` does) on a fresh Postgres
 * schema when TEST_DATABASE_URL is set, else on a fresh PGlite data directory.
 */
export async function spawnService(
  env: Record<string, string> = {},
  database?: ServiceProcess['database'],
): Promise<ServiceProcess> {
  let db = database;
  if (!db) {
    if (TEST_DATABASE_URL) {
      const { schema, databaseUrl } = await createSchema(TEST_DATABASE_URL);
      db = { url: databaseUrl, schema };
    } else {
      db = { pgliteDir: mkdtempSync(join(tmpdir(), 'retell-ats-')) };
    }
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      RETELL_API_KEY: RETELL_KEY,
      API_KEYS: API_KEY,
      LOG_LEVEL: 'debug',
      RECONCILE_INTERVAL: '0',
      DATABASE_URL: db.url ?? '',
      PGLITE_DATA_DIR: db.pgliteDir ?? 'memory://',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let captured = '';
  child.stdout!.on('data', (chunk: Buffer) => (captured += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (captured += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const output = (): string => captured;
  await waitForHealth(baseUrl, child, output);
  const fixed = db;
  return {
    baseUrl,
    output,
    database: fixed,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    restart: () => spawnService(env, fixed),
    async cleanup() {
      if (fixed.schema && TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, fixed.schema);
    },
  };
}
