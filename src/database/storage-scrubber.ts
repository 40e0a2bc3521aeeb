import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from './transaction-runner.js';

/** The tables that hold a candidate's personal data, and so the copies an erasure must not leave on disk. */
export const PERSONAL_TABLES = ['candidates', 'retell_calls', 'retell_webhook_events', 'interviews', 'notifications'];

/**
 * Leaves no readable copy of deleted rows in the files of an embedded (PGlite) database. A DELETE
 * or UPDATE leaves the old row versions in the table's pages (a plain VACUUM frees their space but
 * does not overwrite it), in its indexes and TOAST, and in the WAL. So, on PGlite only:
 * `VACUUM FULL` of each table (rewritten into new files, the old ones deleted, indexes rebuilt),
 * then `CHECKPOINT`, a switch to a new WAL segment, and `CHECKPOINT` again, with `wal_recycle=off`
 * (pglite.ts), so that the segments holding the old rows are deleted rather than renamed for reuse.
 * On Postgres nothing is done here: a shared server is the operator's (docs/operations.md, Privacy).
 * Cost: a rewrite of each table, during which PGlite serves nothing else (seconds for tens of MB).
 */
@Injectable()
export class StorageScrubber {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  /** @param tables the tables whose deleted rows must leave the disk (names of this schema's tables) */
  async scrub(tables: readonly string[]): Promise<void> {
    if (!this.config.usesPglite) return;
    await this.transactions.exclusive(async () => {
      for (const table of tables) await this.dataSource.query(`VACUUM FULL "${table}"`);
      await this.dataSource.query('CHECKPOINT');
      await this.dataSource.query('SELECT pg_switch_wal()');
      await this.dataSource.query('CHECKPOINT');
    });
  }
}
