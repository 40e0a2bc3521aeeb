import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '../../src/common/errors.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ReportDatabase } from '../../src/database/report-database.js';
import type { TransactionRunner } from '../../src/database/transaction-runner.js';

/** On PGlite (no DATABASE_URL) reports share the main connection, one at a time. */
function reports(env: Record<string, string>): ReportDatabase {
  const { config } = loadConfig({ NODE_ENV: 'test', PGLITE_DATA_DIR: 'memory://', ...env });
  return new ReportDatabase({} as DataSource, {} as TransactionRunner, config);
}

describe('ReportDatabase admission', () => {
  it('should run one report at a time on PGlite and answer report_queue_full past DB_READ_QUEUE_MAX waiting', async () => {
    const db = reports({ DB_READ_QUEUE_MAX: '1', DB_READ_TIMEOUT_MS: '5000' });
    let release!: () => void;
    let running = 0;
    let most = 0;
    const report = () =>
      db.run(async () => {
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => (release = resolve));
        running -= 1;
        return 'done';
      });
    const first = report();
    const second = report();
    await expect(report()).rejects.toMatchObject({ code: ErrorCode.ReportQueueFull });
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await expect(first).resolves.toBe('done');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await expect(second).resolves.toBe('done');
    expect(most).toBe(1);
  });

  it('should answer report_timeout to a report whose turn does not come within DB_READ_TIMEOUT_MS, and let the running one finish', async () => {
    const db = reports({ DB_READ_TIMEOUT_MS: '100' });
    const slow = db.run(() => new Promise((resolve) => setTimeout(() => resolve('slow'), 300)));
    const waiting = db.run(() => Promise.resolve('never'));
    await expect(waiting).rejects.toMatchObject({ code: ErrorCode.ReportTimeout });
    await expect(slow).resolves.toBe('slow');
  });

  it('should answer report_timeout when a statement runs past statement_timeout', async () => {
    const db = reports({});
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    await expect(db.run(() => Promise.reject(cancelled))).rejects.toMatchObject({ code: ErrorCode.ReportTimeout });
  });

  it('should run a report at once with DB_READ_QUEUE_MAX=0 while a turn is free', async () => {
    const db = reports({ DB_READ_QUEUE_MAX: '0' });
    await expect(db.run(() => Promise.resolve('now'))).resolves.toBe('now');
  });
});
