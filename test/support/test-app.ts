import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { MIGRATIONS } from '../../migrations/index.js';

export const RETELL_KEY = 'key_test_3f9a7c2e1b8d4f6a';
export const API_KEY = 'test-recruiter-key-0123456789-QxZ7wK4pLm';
export const AUTH = { Authorization: `Bearer ${API_KEY}` };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** The Postgres schema of this app when TEST_DATABASE_URL is set. */
  schema: string | null;
  close(): Promise<void>;
}

/** `TEST_DATABASE_URL` selects a Postgres server; each app then gets a schema of its own. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export async function createSchema(url: string): Promise<{ schema: string; databaseUrl: string }> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  const databaseUrl = new URL(url);
  databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, databaseUrl: databaseUrl.toString() };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/**
 * Starts the service through the production bootstrap (`createApp`, as `main.ts` does), on PGlite
 * in memory, or on a fresh schema of `TEST_DATABASE_URL`, with every migration applied; `consoleDir`
 * serves a console build from there (none by default).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  existingSchema?: string,
  consoleDir?: string,
): Promise<TestApp> {
  let schema: string | null = null;
  let databaseUrl: string | undefined;
  if (TEST_DATABASE_URL) {
    if (existingSchema) {
      schema = existingSchema;
      const url = new URL(TEST_DATABASE_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      databaseUrl = url.toString();
    } else {
      ({ schema, databaseUrl } = await createSchema(TEST_DATABASE_URL));
    }
  }
  const { config } = loadConfig({
    NODE_ENV: 'test',
    RETELL_API_KEY: RETELL_KEY,
    API_KEYS: `${API_KEY},second-key-abcdefgh`,
    LOG_LEVEL: 'silent',
    PGLITE_DATA_DIR: 'memory://',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const app = await createApp({ config, migrations: MIGRATIONS, consoleDir });
  await app.init();
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    schema,
    async close() {
      await app.close();
      if (schema && TEST_DATABASE_URL && !existingSchema) await dropSchema(TEST_DATABASE_URL, schema);
    },
  };
}
