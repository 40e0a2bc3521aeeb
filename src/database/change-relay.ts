import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { CHANGE_KINDS, ChangeFeed, type Change } from '../common/change-feed.js';
import { AppConfig } from '../config/app-config.js';

/** `pg_notify` payloads must stay under 8000 bytes: a batch goes out in slices of this many changes. */
const CHANGES_PER_NOTIFY = 60;
/**
 * Committed changes are sent at most this often: a burst of commits (a webhook each) costs one
 * `pg_notify` round trip, not one each, and a change repeated within the window is sent once.
 */
const SEND_EVERY_MS = 20;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

interface Notice {
  /** The replica that published it: its own notices were delivered locally already. */
  origin: string;
  changes: Change[];
}

const KINDS: ReadonlySet<string> = new Set(CHANGE_KINDS);

/** The changes of a notice another replica sent, or null when it is not one (never trusted blindly). */
export function readNotice(text: string): Notice | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { origin, changes } = value as { origin?: unknown; changes?: unknown };
  if (typeof origin !== 'string' || !Array.isArray(changes)) return null;
  const valid = changes.filter(
    (c): c is Change =>
      typeof c === 'object' &&
      c !== null &&
      KINDS.has((c as Change).kind) &&
      (typeof (c as Change).id === 'number' || typeof (c as Change).id === 'string') &&
      ((c as Change).candidate_id === undefined || Number.isSafeInteger((c as Change).candidate_id)),
  );
  return { origin, changes: valid.map(({ kind, id, candidate_id }) => ({ kind, id, candidate_id })) };
}

/**
 * Carries the ChangeFeed across replicas on Postgres, with LISTEN/NOTIFY on one connection of its
 * own: each batch published on this replica is sent after its commit with `pg_notify`, and the
 * batches of the other replicas are handed to the feed, so a console connected to replica B sees
 * a webhook applied by replica A. The channel is named after the database and schema, so that
 * deployments sharing a server (or test schemas) do not hear each other. A lost connection is
 * opened again with backoff; what was published meanwhile is lost (the console also refetches on
 * focus and on reconnecting its stream). Off on PGlite: one process, the feed is enough.
 */
@Injectable()
export class ChangeRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChangeRelay.name);
  private readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private channel: string | null = null;
  private retryMs = RECONNECT_MIN_MS;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Changes waiting for the next send, by kind, id and candidate. */
  private pending = new Map<string, Change>();
  private sendTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.usesPglite) return;
    this.feed.relayTo((changes) => this.send(changes));
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.feed.relayTo(null);
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Opens the connection and listens; on failure, tries again later (the service starts anyway). */
  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.DATABASE_URL,
      connectionTimeoutMillis: this.config.DB_TIMEOUT_MS,
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel !== this.channel || !message.payload) return;
      const notice = readNotice(message.payload);
      if (notice && notice.origin !== this.origin) this.feed.receive(notice.changes);
    });
    try {
      await client.connect();
      const [{ database, schema }] = (
        await client.query<{ database: string; schema: string }>(
          'SELECT current_database() AS database, current_schema() AS schema',
        )
      ).rows;
      this.channel = `changes_${createHash('sha256').update(`${database}\u0000${schema}`).digest('hex').slice(0, 24)}`;
      await client.query(`LISTEN ${this.channel}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.retryMs = RECONNECT_MIN_MS;
    } catch (error) {
      this.logger.warn({ err: (error as Error).name }, 'change relay could not listen; will retry');
      await client.end().catch(() => undefined);
      this.retry();
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.stopped) return;
    this.logger.warn('change relay connection lost; reconnecting');
    this.retry();
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
  }

  /** Queues a committed batch for the other replicas; it leaves within {@link SEND_EVERY_MS}. */
  private send(changes: Change[]): void {
    if (!this.client) return;
    for (const change of changes) {
      this.pending.set(`${change.kind}\u0000${change.id}\u0000${change.candidate_id ?? ''}`, change);
    }
    this.sendTimer ??= setTimeout(() => void this.flush(), SEND_EVERY_MS);
  }

  /** Sends what is queued to the other replicas (best effort: a failure is logged, never thrown). */
  private async flush(): Promise<void> {
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    const changes = [...this.pending.values()];
    this.pending.clear();
    const client = this.client;
    if (!client || !this.channel) return;
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < changes.length; i += CHANGES_PER_NOTIFY) {
      const payload = JSON.stringify({ origin: this.origin, changes: changes.slice(i, i + CHANGES_PER_NOTIFY) });
      sent.push(
        client
          .query('SELECT pg_notify($1, $2)', [this.channel, payload])
          .catch((error: unknown) =>
            this.logger.warn({ err: (error as Error).name }, 'change not sent to the other replicas'),
          ),
      );
    }
    await Promise.all(sent);
  }
}
