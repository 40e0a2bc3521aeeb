import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource, type MigrationInterface } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { CommonModule } from '../../src/common/common.module.js';
import { LoggerModule } from '../../src/common/logger.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { CandidatesRepository } from '../../src/database/repositories/candidates.repository.js';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import { IngestionModule } from '../../src/ingestion/ingestion.module.js';
import { createSchema, dropSchema, RETELL_KEY, TEST_DATABASE_URL } from './test-app.js';

/** The ingestion module on a real database, without HTTP: PGlite in memory, or a schema of TEST_DATABASE_URL. */
export interface IngestionHarness {
  module: TestingModule;
  dataSource: DataSource;
  /** Creates a candidate row directly (profile fields only). */
  candidate(fields?: Record<string, unknown>): Promise<number>;
  /** Runs a migration's `down` then its `up` again: its backfill over the rows stored now. */
  rerun(migration: MigrationInterface): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export async function startIngestion(): Promise<IngestionHarness> {
  const target = TEST_DATABASE_URL ? await createSchema(TEST_DATABASE_URL) : null;
  const { config } = loadConfig({
    NODE_ENV: 'test',
    RETELL_API_KEY: RETELL_KEY,
    API_KEYS: 'unused-in-this-tier-0123',
    LOG_LEVEL: 'silent',
    PGLITE_DATA_DIR: 'memory://',
    ...(target ? { DATABASE_URL: target.databaseUrl } : {}),
  });
  const module = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      CommonModule,
      LoggerModule,
      DatabaseModule.forRoot(MIGRATIONS),
      IngestionModule,
    ],
  }).compile();
  module.useLogger(false);
  await module.init();
  const candidates = module.get(CandidatesRepository);
  const transactions = module.get(TransactionRunner);
  return {
    module,
    dataSource: module.get(DataSource),
    async rerun(migration) {
      const runner = module.get(DataSource).createQueryRunner();
      try {
        await migration.down!(runner);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
    },
    async candidate(fields = {}) {
      counter += 1;
      const row = await transactions.run((manager) =>
        candidates.insert(manager, {
          first_name: 'John',
          last_name: `Doe${counter}`,
          email: `john.doe${counter}@example.com`,
          phone: '+14155550199',
          position: 'Senior Python Developer',
          company: 'TechCorp',
          ...fields,
        }),
      );
      return row.id;
    },
    async close() {
      await module.close();
      if (target && TEST_DATABASE_URL) await dropSchema(TEST_DATABASE_URL, target.schema);
    },
  };
}
