import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, pageSize, toPage, type Page } from '../common/paging.js';
import { MAX_INTEGER_ID } from '../common/decimal-integer.js';
import { NotificationNotFound, NotificationNotRetryable } from '../common/errors.js';
import { NotificationsRepository } from '../database/repositories/notifications.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { toNotificationView, type NotificationView } from '../views/notification.view.js';
import type { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationDispatcher } from './notification-dispatcher.service.js';

/** The interview e-mails: list them, and send a failed one again. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly dispatcher: NotificationDispatcher,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {}

  /** Newest first. @throws BadRequestException → 400 naming `cursor` when it is forged */
  async list(query: ListNotificationsQuery): Promise<Page<NotificationView>> {
    const limit = pageSize(query);
    const rows = await this.notifications.list({
      candidateId: query.candidate_id,
      status: query.status,
      before: query.cursor ? decodeCursor(query.cursor, ['id'] as const, MAX_INTEGER_ID)[0] : undefined,
      limit: limit + 1,
    });
    return toPage(rows, limit, (row) => [row.id], toNotificationView);
  }

  /**
   * A `failed` notification is sent again: `pending`, attempts reset, due now.
   * @throws NotificationNotFound → 404, NotificationNotRetryable → 409 when it is not `failed`
   */
  async retry(id: number): Promise<NotificationView> {
    const existing = await this.notifications.findById(id);
    if (!existing) throw NotificationNotFound(id);
    if (existing.status !== 'failed') throw new NotificationNotRetryable(id, existing.status);
    const requeued = await this.transactions.run(async (manager) => {
      const row = await this.notifications.requeue(manager, id, this.clock.now());
      if (row) this.feed.afterCommit(manager, { kind: 'notification', id, candidate_id: row.candidate_id });
      return row;
    });
    if (!requeued) throw NotificationNotFound(id);
    this.dispatcher.kick();
    return toNotificationView(requeued);
  }
}
