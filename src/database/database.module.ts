import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { ChangeRelay } from './change-relay.js';
import { dataSourceOptions, type MigrationList } from './data-source-options.js';
import { lockDataDir, releaseDataDirLock } from './data-dir-lock.js';
import { preparePglite } from './pglite.js';
import { CalendarFeedTokensRepository } from './repositories/calendar-feed-tokens.repository.js';
import { CampaignCandidatesRepository } from './repositories/campaign-candidates.repository.js';
import { CampaignsRepository } from './repositories/campaigns.repository.js';
import { CallAnalyticsRepository } from './repositories/call-analytics.repository.js';
import { CallDialingRepository } from './repositories/call-dialing.repository.js';
import { CallSweepRepository } from './repositories/call-sweep.repository.js';
import { CandidatesRepository } from './repositories/candidates.repository.js';
import { ErasedCallsRepository } from './repositories/erased-calls.repository.js';
import { ErasedCandidatesRepository } from './repositories/erased-candidates.repository.js';
import { InterviewsRepository } from './repositories/interviews.repository.js';
import { NotificationsRepository } from './repositories/notifications.repository.js';
import { RetellCallsRepository } from './repositories/retell-calls.repository.js';
import { RetellWebhookEventsRepository } from './repositories/retell-webhook-events.repository.js';
import { ReportDatabase } from './report-database.js';
import { runMigrations } from './run-migrations.js';
import { StorageScrubber } from './storage-scrubber.js';
import { TransactionRunner } from './transaction-runner.js';

const REPOSITORIES = [
  CandidatesRepository,
  RetellCallsRepository,
  CallDialingRepository,
  CallSweepRepository,
  CallAnalyticsRepository,
  RetellWebhookEventsRepository,
  ErasedCallsRepository,
  ErasedCandidatesRepository,
  InterviewsRepository,
  NotificationsRepository,
  CalendarFeedTokensRepository,
  CampaignsRepository,
  CampaignCandidatesRepository,
];

const CONTEXT = 'Database';

/** Gives the PGlite data directory back (`lockDataDir`) once the database is closed. */
class LockReleasingDataSource extends DataSource {
  override async destroy(): Promise<void> {
    await super.destroy();
    releaseDataDirLock();
  }
}

/**
 * The database connection, with pending migrations applied before the service takes requests, the
 * transaction runner, the report pool (`ReportDatabase`), one repository per table (all SQL of the service lives in them), and the
 * relay that carries committed changes to the other replicas (Postgres only).
 * Start-up progress is logged as it happens (pino directly: Nest's own logger is still buffering),
 * since a first start on PGlite takes about 10 s.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(migrations?: MigrationList): DynamicModule {
    // TypeORM hands dataSourceFactory the options only: the logger and start time come through here.
    let logger: Logger | undefined;
    let startedAt = 0;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig, Logger],
          useFactory: async (config: AppConfig, pino: Logger) => {
            logger = pino;
            startedAt = performance.now();
            const options = dataSourceOptions(config, migrations);
            if (config.usesPglite) {
              lockDataDir(config.PGLITE_DATA_DIR); // main.ts takes it first, to fail with a plain message
              await preparePglite(config.PGLITE_DATA_DIR, (message) => pino.log(message, CONTEXT));
            } else {
              pino.log('Database: Postgres (DATABASE_URL)', CONTEXT);
            }
            return options;
          },
          dataSourceFactory: async (options) => {
            const dataSource = await new LockReleasingDataSource(options!).initialize();
            await runMigrations(dataSource, !('driver' in options! && options.driver), (names) =>
              logger?.log(`Applying ${names.length} migration(s): ${names.join(', ')}`, CONTEXT),
            );
            logger?.log(`Database ready in ${seconds(startedAt)} s`, CONTEXT);
            return dataSource;
          },
        }),
      ],
      providers: [TransactionRunner, ReportDatabase, StorageScrubber, ChangeRelay, ...REPOSITORIES],
      exports: [TransactionRunner, ReportDatabase, StorageScrubber, ...REPOSITORIES],
    };
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
