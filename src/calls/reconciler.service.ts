import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { RetellRateLimited } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import type { RetellCall } from '../database/entities/retell-call.entity.js';
import { CallSweepRepository } from '../database/repositories/call-sweep.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { PayloadRetention } from '../ingestion/payload-retention.service.js';
import { RetellClient } from '../retell/retell.client.js';
import { Dialer } from '../dialing/dialer.service.js';

/**
 * What one sweep did. `skipped` says why it checked no calls (`locked`: nothing at all ran;
 * `backing_off`: payload retention still ran). `payloads_cleared` counts the stored events whose
 * payload retention (or a recent erasure) cleared.
 */
export interface SweepReport {
  checked: number;
  updated: number;
  marked_failed: number;
  errors: number;
  payloads_cleared: number;
  skipped?: 'locked' | 'backing_off';
  rate_limited?: boolean;
}

/** Calls fetched per sweep at most: bounds one run's load on Retell and on us. */
export const SWEEP_BATCH = 50;
/** An ended call without analysis is fetched 30 minutes after it ended, for up to a day. */
const ANALYSIS_GRACE_MS = 30 * 60_000;
const ANALYSIS_GIVE_UP_MS = 24 * 3_600_000;
/** Arbitrary constant key of the advisory lock that keeps the sweep single across replicas. */
export const SWEEP_LOCK = 724_113_002;

/**
 * Keeps call records true when webhooks are lost (Retell retries only 3 times). Fetches, through
 * the same event log, mapper and rules as a webhook:
 * - calls still dialing, registered or ongoing `RECONCILE_AFTER` minutes after their last change;
 * - calls ended without analysis 30 minutes after they ended.
 * One replica sweeps at a time (a Postgres advisory lock); a Retell 429 ends the run and pauses
 * the sweep for the time Retell asks. Each run first clears expired event payloads
 * ({@link PayloadRetention}), under the same lock, back-off or not.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private backOffUntil = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: CallSweepRepository,
    private readonly transactions: TransactionRunner,
    private readonly retell: RetellClient,
    private readonly dialer: Dialer,
    private readonly retention: PayloadRetention,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RECONCILE_INTERVAL === 0) return;
    this.timer = setInterval(() => void this.runScheduled(), this.config.RECONCILE_INTERVAL * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One bounded sweep. Safe to call from several replicas at once: only one works. */
  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { checked: 0, updated: 0, marked_failed: 0, errors: 0, payloads_cleared: 0 };
    if (this.running) return { ...report, skipped: 'locked' };
    this.running = true;
    try {
      const locked = await this.withSweepLock(async () => {
        await this.clearExpiredPayloads(report);
        if (this.clock.now().getTime() < this.backOffUntil) report.skipped = 'backing_off';
        else await this.work(report);
      });
      return locked ? report : { ...report, skipped: 'locked' };
    } finally {
      this.running = false;
    }
  }

  /** Payload retention; its failure is logged and does not stop the calls' sweep. */
  private async clearExpiredPayloads(report: SweepReport): Promise<void> {
    try {
      const cleared = await this.retention.run();
      report.payloads_cleared = cleared.payloads_cleared + cleared.erased_payloads_cleared;
    } catch (error) {
      this.logger.error({ type: (error as Error).name }, 'payload retention failed');
    }
  }

  private async runScheduled(): Promise<void> {
    try {
      const report = await this.sweep();
      if (report.checked > 0 || report.payloads_cleared > 0 || report.skipped === 'backing_off') {
        this.logger.log(report, 'reconciliation sweep');
      }
    } catch (error) {
      this.logger.error({ type: (error as Error).name }, 'reconciliation sweep failed');
    }
  }

  private async work(report: SweepReport): Promise<void> {
    for (const call of await this.due()) {
      report.checked += 1;
      try {
        const outcome = await this.reconcile(call);
        if (outcome === 'failed') report.marked_failed += 1;
        else if (outcome === 'updated') report.updated += 1;
      } catch (error) {
        if (error instanceof RetellRateLimited) {
          this.backOffUntil = this.clock.now().getTime() + error.retryAfterSeconds * 1000;
          report.rate_limited = true;
          return;
        }
        report.errors += 1;
        this.logger.warn({ call_record: call.id, type: (error as Error).name }, 'call not reconciled');
      }
    }
  }

  private due(): Promise<RetellCall[]> {
    const now = this.clock.now().getTime();
    return this.records.dueForReconcile({
      staleBefore: new Date(now - this.config.RECONCILE_AFTER * 60_000),
      endedBefore: now - ANALYSIS_GRACE_MS,
      endedAfter: now - ANALYSIS_GIVE_UP_MS,
      limit: SWEEP_BATCH,
    });
  }

  private async reconcile(call: RetellCall): Promise<'updated' | 'failed'> {
    const fetched = call.call_id
      ? await this.retell.retrieveCall(call.call_id)
      : call.attempt !== null
        ? await this.retell.findCallByAttempt(call.candidate_id, call.attempt)
        : null;
    if (fetched) {
      await this.dialer.applyFetched(fetched);
      // Checked now: wait RECONCILE_AFTER again before the next fetch, even if nothing changed.
      await this.transactions.run((manager) => this.records.touch(manager, call.id, this.clock.now()));
      return 'updated';
    }
    // Retell has no such call: a dial that never reached it no longer blocks the candidate nor
    // counts as an attempt; a call it no longer knows stops being fetched.
    await this.transactions.run((manager) =>
      this.records.markUnknownToRetell(manager, call.id, call.call_status, call.call_id ? 'error' : 'failed'),
    );
    return 'failed';
  }

  /** Runs `work` holding the sweep lock; false when another replica holds it. PGlite has one process. */
  private async withSweepLock(work: () => Promise<void>): Promise<boolean> {
    if (this.config.usesPglite) {
      await work();
      return true;
    }
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const [{ locked }] = (await session.query('SELECT pg_try_advisory_lock($1) AS locked', [SWEEP_LOCK])) as {
        locked: boolean;
      }[];
      if (!locked) return false;
      try {
        await work();
      } finally {
        await session.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
      }
      return true;
    } finally {
      await session.release();
    }
  }
}
