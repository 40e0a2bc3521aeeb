import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';

/** Statement names by SQL text (the texts of the hot path are a few dozen, and never hold values). */
const names = new Map<string, string>();
const MAX_NAMES = 1000;

function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `s${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size < MAX_NAMES) names.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` (a statement whose result is its rows: a `SELECT`, or a write with `RETURNING`) in
 * the caller's transaction, as a named prepared statement on a Postgres server: the server parses
 * and plans it once per connection, then only binds and executes it. For the webhook's hot path,
 * whose statements are long and the same on every event. On PGlite (its own driver, one session)
 * it runs as an ordinary query.
 * @returns the rows; errors are the driver's (with Postgres' SQLSTATE as `code`)
 */
export async function queryPrepared<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  const options = manager.connection.options;
  if (!runner || ('driver' in options && options.driver)) return manager.query<T[]>(sql, params);
  const client = (await runner.connect()) as pg.PoolClient;
  const result = await client.query({ name: statementName(sql), text: sql, values: params });
  return result.rows as T[];
}
