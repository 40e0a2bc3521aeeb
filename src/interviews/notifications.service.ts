import { BadRequestException, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { NotificationNotFound, NotificationNotRetryable } from '../common/errors.js';
import { NotificationsRepository } from '../database/repositories/notifications.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { toNotificationView, type NotificationView } from '../ingestion/dto/notification.view.js';
import type { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationDispatcher } from './notification-dispatcher.service.js';

/** One page of notifications; `next_cursor` is null on the last page. */
export interface NotificationPage {
  items: NotificationView[];
  next_cursor: string | null;
}

function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647) return id;
  throw new BadRequestException('cursor is not a next_cursor of this endpoint');
}

/** The interview e-mails: list them, and send a failed one again. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly transactions: TransactionRunner,
    private readonly dispatcher: NotificationDispatcher,
    private readonly clock: Clock,
  ) {}

  /** Newest first. @throws BadRequestException → 400 for a forged cursor */
  async list(query: ListNotificationsQuery): Promise<NotificationPage> {
    const limit = query.limit ?? 50;
    const rows = await this.notifications.list({
      candidateId: query.candidate_id,
      status: query.status,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    return {
      items: items.map(toNotificationView),
      next_cursor: rows.length > limit ? Buffer.from(String(items[items.length - 1].id)).toString('base64url') : null,
    };
  }

  /**
   * A `failed` notification is sent again: `pending`, attempts reset, due now.
   * @throws NotificationNotFound → 404, NotificationNotRetryable → 409 when it is not `failed`
   */
  async retry(id: number): Promise<NotificationView> {
    const existing = await this.notifications.findById(id);
    if (!existing) throw new NotificationNotFound(id);
    if (existing.status !== 'failed') throw new NotificationNotRetryable(id, existing.status);
    const requeued = await this.transactions.run((manager) =>
      this.notifications.requeue(manager, id, this.clock.now()),
    );
    if (!requeued) throw new NotificationNotFound(id);
    this.dispatcher.kick();
    return toNotificationView(requeued);
  }
}
