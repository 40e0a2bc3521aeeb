import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { ErasedCallsRepository } from '../database/repositories/erased-calls.repository.js';
import { RetellWebhookEventsRepository } from '../database/repositories/retell-webhook-events.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';

/** Events whose payload one run clears at most: bounds the run's writes (and its WAL). */
export const RETENTION_BATCH = 1000;
/** How far back a run looks for erased calls whose events a concurrent transaction stored with a payload. */
const ERASURE_RECHECK_MS = 24 * 3_600_000;
/** Erased calls rechecked per run at most. */
const ERASURE_RECHECK_BATCH = 1000;
const DAY_MS = 86_400_000;

/** What one retention run did. */
export interface RetentionReport {
  /** Events whose payload and error were cleared for age. */
  payloads_cleared: number;
  /** Events of recently erased calls that still held a payload, now cleared. */
  erased_payloads_cleared: number;
}

/**
 * Clears what stored events keep of personal data once it has served: the payload (the raw
 * webhook body, with transcript and phone numbers) and the error text (which may quote it), after
 * EVENT_PAYLOAD_RETENTION_DAYS (0: never). The row, its outcome and `body_hash` stay, so a
 * repeated delivery is still answered `duplicate`; the call record and the candidate keep what
 * was applied. Runs with the reconciliation sweep, under its lock (one replica at a time).
 *
 * It also clears events of calls erased in the last day that still hold a payload: an event
 * stored by a transaction that ran alongside the erasure (on Postgres) could not be seen by it.
 */
@Injectable()
export class PayloadRetention {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly events: RetellWebhookEventsRepository,
    private readonly erasedCalls: ErasedCallsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** One bounded run: at most `limit` events cleared for age, oldest first. */
  async run(limit = RETENTION_BATCH): Promise<RetentionReport> {
    const now = this.clock.now().getTime();
    const days = this.config.EVENT_PAYLOAD_RETENTION_DAYS;
    const payloadsCleared =
      days === 0
        ? 0
        : await this.transactions.run((manager) =>
            this.events.clearPayloadsReceivedBefore(manager, new Date(now - days * DAY_MS), limit),
          );
    const erasedPayloadsCleared = await this.transactions.run(async (manager) => {
      const recent = await this.erasedCalls.erasedSince(
        manager,
        new Date(now - ERASURE_RECHECK_MS),
        ERASURE_RECHECK_BATCH,
      );
      return this.events.clearPayloadsOfCalls(manager, recent);
    });
    return { payloads_cleared: payloadsCleared, erased_payloads_cleared: erasedPayloadsCleared };
  }
}
