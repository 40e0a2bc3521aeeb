/**
 * The built service with its two local peers, for the browser tests and `npm run screenshots`:
 * the Retell simulator (`RETELL_BASE_URL`, webhooks back to the service) and an SMTP catcher, on a
 * throw-away PGlite database (`memory://`). Needs `npm run build` first (dist/main.js, dist/public).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';
import { RetellSimulator } from './retell-simulator.js';
import { SmtpCatcher } from './smtp-catcher.js';

const ROOT = new URL('../', import.meta.url).pathname;
const RETELL_API_KEY = 'key_console_simulator_only';

/** Chromium's flags for a headless run on a small machine with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's Chromium (`apt-get install -y chromium`), or `CHROMIUM_PATH`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export interface ConsoleStack {
  baseUrl: string;
  /** The simulator's base URL (the service's `RETELL_BASE_URL`). */
  retellUrl: string;
  apiKey: string;
  simulator: RetellSimulator;
  smtp: SmtpCatcher;
  /** Calls the API with the stack's key; answers status and parsed body. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Everything the service wrote so far (for a failed test's report). */
  output(): string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** The recruiters' API key (`API_KEYS`); default `console-recruiter-key`. */
  apiKey?: string;
  /** Milliseconds between a simulated call's webhooks. */
  stepMs?: number;
  /** Play each call's webhooks as soon as it is placed. */
  autoPlay?: boolean;
  /** Extra settings of the service (CALLING_WINDOW, DEFAULT_TIMEZONE, ...). */
  env?: Record<string, string>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the service did not become healthy:\n${output()}`);
}

export async function startConsoleStack(options: StackOptions = {}): Promise<ConsoleStack> {
  const apiKey = options.apiKey ?? 'console-recruiter-key';
  const simulator = new RetellSimulator({ apiKey: RETELL_API_KEY, autoPlay: options.autoPlay, stepMs: options.stepMs });
  const retellUrl = await simulator.start();
  const smtp = new SmtpCatcher(await freePort());
  await smtp.start();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  simulator.webhookUrl = `${baseUrl}/api/webhooks/retell`;
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: '',
      PGLITE_DATA_DIR: 'memory://',
      RETELL_API_KEY,
      RETELL_BASE_URL: retellUrl,
      RETELL_FROM_NUMBER: '+14155550100',
      RETELL_AGENT_ID: 'agent_console_screening',
      API_KEYS: apiKey,
      CALLING_WINDOW: '00:00-24:00',
      RECONCILE_INTERVAL: '0',
      LOG_LEVEL: 'warn',
      THROTTLE_LIMIT: '100000',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Acme Recruiting <recruiting@acme.example>',
      MAIL_POLL_MS: '200',
      CALENDAR_FEED_TOKEN: 'console-feed-token-0123456789',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let captured = '';
  child.stdout.on('data', (chunk: Buffer) => (captured += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (captured += chunk.toString('utf8')));
  const output = (): string => captured;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await simulator.stop();
    await smtp.stop();
  };
  try {
    await waitForHealth(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    retellUrl,
    apiKey,
    simulator,
    smtp,
    output,
    stop,
    async api<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}
