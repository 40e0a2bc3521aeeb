import { MigrationExecutor, type DataSource } from 'typeorm';

/** Arbitrary constant key of the advisory lock that serialises migration runs across replicas. */
const MIGRATION_LOCK = 724_113_001;

/**
 * Applies pending migrations, each in its own transaction, on one session. On a Postgres server
 * that session first takes an advisory lock, so replicas that start together run them once, and
 * lifts the request timeouts (DB_TIMEOUT_MS) for itself: waiting for another replica's migrations,
 * or building an index, may rightly take longer. PGlite has a single session and no lock.
 * `onPending` hears the names of the migrations about to be applied, when there are any.
 * @returns the names of the migrations applied by this call.
 */
export async function runMigrations(
  dataSource: DataSource,
  lock: boolean,
  onPending?: (names: string[]) => void,
): Promise<string[]> {
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    if (lock) {
      await session.query('SET statement_timeout = 0');
      await session.query('SET lock_timeout = 0');
      await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    }
    const executor = new MigrationExecutor(dataSource, session);
    executor.transaction = 'each';
    const pending = await executor.getPendingMigrations();
    if (pending.length > 0) onPending?.(pending.map((migration) => migration.name));
    return (await executor.executePendingMigrations()).map((migration) => migration.name);
  } finally {
    if (lock) {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await session.query('RESET ALL').catch(() => undefined);
    }
    await session.release();
  }
}
