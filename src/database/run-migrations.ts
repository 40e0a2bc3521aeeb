import type { DataSource } from 'typeorm';

/** Arbitrary constant key of the advisory lock that serialises migration runs across replicas. */
const MIGRATION_LOCK = 724_113_001;

/**
 * Applies pending migrations, each in its own transaction. On a Postgres server a session-level
 * advisory lock makes replicas that start together run them once; PGlite has a single session.
 * @returns the names of the migrations applied by this call.
 */
export async function runMigrations(dataSource: DataSource, lock: boolean): Promise<string[]> {
  if (!lock) return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await session.release();
  }
}
