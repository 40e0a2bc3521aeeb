import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PQueue from 'p-queue';
import { DataSource, type EntityManager } from 'typeorm';
import { ReportQueueFull, ReportTimeout } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { reportDataSourceOptions } from './data-source-options.js';
import { TransactionRunner } from './transaction-runner.js';

/** What a report's statements run on: `query` of a DataSource or of a transaction's manager. */
export type ReportQueryRunner = Pick<DataSource, 'query'>;

/**
 * Postgres: statement_timeout (57014 query_canceled) or lock_timeout (55P03, a rollup waiting for
 * another); the pg pool: no connection within its wait.
 */
function pastBudget(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === '57014' || code === '55P03' || /timeout exceeded when trying to connect/i.test(error.message);
}

/**
 * The bounded share of the database that recruiters' reports (analytics) get, so that a report
 * never makes a webhook wait (docs/architecture.md, "Recruiter reads").
 *
 * - Postgres: a pool of its own, `DB_READ_POOL_MAX` connections with `statement_timeout` =
 *   `DB_READ_TIMEOUT_MS`, beside the main pool that ingestion, dialling and the API's writes use.
 * - PGlite (one session): the main connection, one report at a time; PGlite cannot cancel a
 *   running statement, so a report holds up a webhook's statements by one report statement at most.
 *
 * In front of either, at most as many reports run as there are connections; up to
 * `DB_READ_QUEUE_MAX` more wait, each at most `DB_READ_TIMEOUT_MS`.
 */
@Injectable()
export class ReportDatabase implements OnModuleInit, OnApplicationShutdown {
  /** Where report statements run: the report pool (Postgres) or the one PGlite session. */
  readonly db: DataSource;
  private readonly own: boolean;
  private readonly queue: PQueue;

  constructor(
    main: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
  ) {
    this.own = !config.usesPglite;
    this.db = this.own ? new DataSource(reportDataSourceOptions(config)) : main;
    this.queue = new PQueue({ concurrency: config.usesPglite ? 1 : config.DB_READ_POOL_MAX });
  }

  async onModuleInit(): Promise<void> {
    if (this.own) await this.db.initialize();
  }

  async onApplicationShutdown(): Promise<void> {
    this.queue.clear();
    if (this.own && this.db.isInitialized) await this.db.destroy();
  }

  /**
   * Runs one report: waits for a turn (at most `DB_READ_TIMEOUT_MS`), then runs `work`, whose
   * statements go to {@link db} (or {@link transaction}).
   * @throws DomainError `report_queue_full` (429) when `DB_READ_QUEUE_MAX` reports already wait
   * @throws DomainError `report_timeout` (503) when the turn did not come in time, a statement ran
   *   past `statement_timeout`, or the report pool had no connection in time
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const busy = this.queue.pending >= this.queue.concurrency;
    if (busy && this.queue.size >= this.config.DB_READ_QUEUE_MAX) throw ReportQueueFull();
    // Aborts only a report still waiting: one that started keeps its slot until it ends.
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(ReportTimeout()), this.config.DB_READ_TIMEOUT_MS);
    try {
      return await this.queue.add(
        () => {
          clearTimeout(timer);
          return work();
        },
        { signal: waiting.signal },
      );
    } catch (error) {
      throw pastBudget(error) ? ReportTimeout() : error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs `work` in a transaction for a report's own writes (the analytics rollup): on the report
   * pool at REPEATABLE READ on Postgres (one snapshot for all its statements); through the
   * {@link TransactionRunner} on PGlite, where transactions run one after another.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.own ? this.db.transaction('REPEATABLE READ', work) : this.transactions.run(work);
  }
}
