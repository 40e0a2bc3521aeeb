import { mkdirSync } from 'node:fs';
import type { DataSourceOptions, MixedList } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import type { AppConfig } from '../config/app-config.js';
import { pgliteOptions } from './pglite.js';
import { CalendarFeedToken } from './entities/calendar-feed-token.entity.js';
import { CallAnalyticsHour } from './entities/call-analytics-hour.entity.js';
import { CallAnalyticsMark } from './entities/call-analytics-mark.entity.js';
import { Campaign } from './entities/campaign.entity.js';
import { CampaignCandidate } from './entities/campaign-candidate.entity.js';
import { Candidate } from './entities/candidate.entity.js';
import { ErasedCall } from './entities/erased-call.entity.js';
import { ErasedCandidate } from './entities/erased-candidate.entity.js';
import { RetellCall } from './entities/retell-call.entity.js';
import { Interview } from './entities/interview.entity.js';
import { Notification } from './entities/notification.entity.js';
import { RetellWebhookEvent } from './entities/retell-webhook-event.entity.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = MixedList<Function | string>;

/** Compiled migrations, next to the compiled service (`dist/migrations/<timestamp>-<name>.js`). */
export const COMPILED_MIGRATIONS = [new URL('../migrations/[0-9]*-*.js', import.meta.url).pathname];

/** How long an idle Postgres connection stays in the pool, in milliseconds. */
const POOL_IDLE_TIMEOUT_MS = 60_000;

/**
 * TypeORM options for the configured database: Postgres when `DATABASE_URL` is set, else the
 * embedded PGlite in `PGLITE_DATA_DIR`. The schema comes from migrations only (`synchronize` off).
 */
export function dataSourceOptions(
  config: AppConfig,
  migrations: MigrationList = COMPILED_MIGRATIONS,
): DataSourceOptions {
  const common = commonOptions(migrations);
  if (config.DATABASE_URL) {
    return {
      ...common,
      url: config.DATABASE_URL,
      extra: {
        max: config.DB_POOL_MAX,
        connectionTimeoutMillis: config.DB_TIMEOUT_MS,
        // An idle connection is kept a minute (pg's default: 10 s). Webhooks come in bursts as calls
        // end: a connection opened again pays its start-up and prepares the hot path's statements
        // again, on the first webhooks of the next burst.
        idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
        // Sent in the startup packet, so every pooled session has them. A statement may run longer
        // than a connect takes; a row lock held for long means a queue behind one candidate: such
        // a wait gives up as soon as a pool wait would, and the webhook answers 503 at once so that
        // Retell retries, well within its 10 s (pool wait + lock wait + statements stay under it).
        statement_timeout: config.DB_TIMEOUT_MS * 4,
        lock_timeout: config.DB_TIMEOUT_MS,
      },
    };
  }
  return pgliteDataSourceOptions(config.PGLITE_DATA_DIR, migrations);
}

/** TypeORM options for the embedded PGlite in `dataDir` (a directory, created if missing, or `memory://`). */
export function pgliteDataSourceOptions(dataDir: string, migrations: MigrationList): DataSourceOptions {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  return { ...commonOptions(migrations), driver: new PGliteDriver(pgliteOptions(dataDir)).driver };
}

/** What both databases share: the entities and the migrations (the schema comes from migrations only). */
function commonOptions(migrations: MigrationList) {
  return {
    type: 'postgres' as const,
    entities: [
      Candidate,
      RetellCall,
      RetellWebhookEvent,
      ErasedCall,
      ErasedCandidate,
      Interview,
      Notification,
      CalendarFeedToken,
      Campaign,
      CampaignCandidate,
      CallAnalyticsHour,
      CallAnalyticsMark,
    ],
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
  };
}

/**
 * The report pool (Postgres only): `DB_READ_POOL_MAX` connections, a pool wait, a
 * `statement_timeout` and a `lock_timeout` of `DB_READ_TIMEOUT_MS` (reports lock only their own
 * rollup, never a row that ingestion writes). No
 * entities and no migrations: reports run SQL of the repositories on the main pool's schema.
 */
export function reportDataSourceOptions(config: AppConfig): DataSourceOptions {
  // JIT off: compiling a report's expressions took 20–40 ms of a 50 ms query (measured at 1M
  // calls); reports are short. Appended to the URL's own `options` (a search_path, say), which
  // would otherwise win over a separate setting.
  const url = new URL(config.DATABASE_URL!);
  url.searchParams.set('options', [url.searchParams.get('options'), '-c jit=off'].filter(Boolean).join(' '));
  return {
    type: 'postgres',
    url: url.toString(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: config.DB_READ_POOL_MAX,
      connectionTimeoutMillis: config.DB_READ_TIMEOUT_MS,
      statement_timeout: config.DB_READ_TIMEOUT_MS,
      lock_timeout: config.DB_READ_TIMEOUT_MS,
      application_name: 'retell-ats reports',
    },
  };
}
