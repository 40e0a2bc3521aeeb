import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, type MigrationList } from './data-source-options.js';
import { CandidatesRepository } from './repositories/candidates.repository.js';
import { ErasedCallsRepository } from './repositories/erased-calls.repository.js';
import { ErasedCandidatesRepository } from './repositories/erased-candidates.repository.js';
import { InterviewsRepository } from './repositories/interviews.repository.js';
import { NotificationsRepository } from './repositories/notifications.repository.js';
import { RetellCallsRepository } from './repositories/retell-calls.repository.js';
import { RetellWebhookEventsRepository } from './repositories/retell-webhook-events.repository.js';
import { runMigrations } from './run-migrations.js';
import { TransactionRunner } from './transaction-runner.js';

const REPOSITORIES = [
  CandidatesRepository,
  RetellCallsRepository,
  RetellWebhookEventsRepository,
  ErasedCallsRepository,
  ErasedCandidatesRepository,
  InterviewsRepository,
  NotificationsRepository,
];

/** The database connection, with pending migrations applied before the service takes requests, the
 * transaction runner, and one repository per table (all SQL of the service lives in them). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(migrations?: MigrationList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => dataSourceOptions(config, migrations),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await runMigrations(dataSource, !('driver' in options! && options.driver));
            return dataSource;
          },
        }),
      ],
      providers: [TransactionRunner, ...REPOSITORIES],
      exports: [TransactionRunner, ...REPOSITORIES],
    };
  }
}
