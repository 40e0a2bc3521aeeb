import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { ServiceProcess } from './service-process.js';

/** Runs one query against a stopped (PGlite) or running (Postgres) service's database. */
export async function queryDatabase<T>(
  db: ServiceProcess['database'],
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (db.url) {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const pglite = await PGlite.create({ dataDir: db.pgliteDir });
  try {
    return (await pglite.query<T>(sql, params)).rows;
  } finally {
    await pglite.close();
  }
}
