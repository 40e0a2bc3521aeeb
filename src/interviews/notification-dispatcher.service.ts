import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SerialRounds } from '../common/serial-rounds.js';
import { ChangeFeed } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import type { Notification } from '../database/entities/notification.entity.js';
import { NotificationsRepository } from '../database/repositories/notifications.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { afterFailure } from './backoff.js';
import { inviteEmail } from './invite-email.js';
import { describeSendError, Mailer, SMTP_TIMEOUT_MS } from './mailer.js';

/** Notifications claimed per round. */
const BATCH = 10;
/**
 * How long a claim keeps other instances off a notification: longer than one send can take (each
 * SMTP wait is bounded by SMTP_TIMEOUT_MS), so two instances never send one e-mail at once.
 */
export const CLAIM_LEASE_MS = SMTP_TIMEOUT_MS * 6;

/** What one round did. */
export interface DispatchReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends the outbox: every MAIL_POLL_MS, each instance claims due notifications (`FOR UPDATE SKIP
 * LOCKED` on Postgres; on PGlite the TransactionRunner serialises claims) and sends them, outside
 * any transaction. A failure is retried with exponential backoff up to MAIL_MAX_ATTEMPTS, then
 * the notification is `failed` with the SMTP error; a 5xx reply fails it at once. Logs carry ids
 * and SMTP codes only, never addresses or bodies.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private readonly rounds = new SerialRounds<DispatchReport>();
  private stopped = false;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.mailer.enabled) {
      this.logger.warn('E-mail is off: SMTP_URL is unset; interview e-mails are stored as skipped');
      return;
    }
    this.schedule(this.config.MAIL_POLL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.rounds.settled();
  }

  /** Runs a round soon (after a retry request), instead of at the next poll. */
  kick(): void {
    if (this.mailer.enabled && !this.stopped) this.schedule(0);
  }

  /** One round: claim what is due, send it, record each outcome. Rounds never overlap on an instance. */
  async dispatch(): Promise<DispatchReport> {
    return this.rounds.run(() => this.sendDue());
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.dispatch()
        .catch((error: unknown) =>
          this.logger.warn({ err: error instanceof Error ? error.name : 'Error' }, 'e-mail round failed'),
        )
        .finally(() => this.schedule(this.config.MAIL_POLL_MS));
    }, delay);
    this.timer.unref();
  }

  private async sendDue(): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0 };
    const now = this.clock.now();
    const claimed = await this.transactions.run((manager) =>
      this.notifications.claimDue(manager, now, new Date(now.getTime() + CLAIM_LEASE_MS), BATCH),
    );
    for (const notification of claimed) {
      if (this.stopped) break;
      report[await this.send(notification)] += 1;
    }
    return report;
  }

  private async send(notification: Notification): Promise<keyof DispatchReport> {
    const { id, attempts } = notification;
    try {
      const messageId = await this.mailer.send(
        inviteEmail(notification, this.config.mailFrom, this.config.interviewDetails),
      );
      if (await this.notifications.markSent(id, attempts, messageId, this.clock.now())) this.announce(notification);
      this.logger.log({ notification_id: id, kind: notification.kind, attempts }, 'interview e-mail sent');
      return 'sent';
    } catch (error) {
      const failure = describeSendError(error);
      const outcome = afterFailure(
        attempts,
        this.config.MAIL_MAX_ATTEMPTS,
        failure.smtpCode,
        this.clock.now(),
        this.config.MAIL_RETRY_BASE_MS,
      );
      const log = { notification_id: id, attempts, smtp_code: failure.smtpCode };
      if (outcome.kind === 'failed') {
        if (await this.notifications.markFailed(id, attempts, failure.message)) this.announce(notification);
        this.logger.warn(log, 'interview e-mail failed; retry it with POST /api/notifications/{id}/retry');
        return 'failed';
      }
      if (await this.notifications.markRetry(id, attempts, failure.message, outcome.at)) this.announce(notification);
      this.logger.warn({ ...log, next_attempt_at: outcome.at.toISOString() }, 'interview e-mail not sent; will retry');
      return 'retried';
    }
  }

  /** The e-mail's status or error changed (written outside any transaction: committed already). */
  private announce(notification: Notification): void {
    this.feed.publish({ kind: 'notification', id: notification.id, candidate_id: notification.candidate_id });
  }
}
