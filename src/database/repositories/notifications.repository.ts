import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Notification,
  type NotificationContent,
  type NotificationKind,
  type NotificationStatus,
} from '../entities/notification.entity.js';
import { instant, instantOrNull } from '../row-values.js';

/** A notification to write with an interview change. */
export interface NewNotification {
  kind: NotificationKind;
  candidate_id: number;
  interview_id: number;
  recipient: string;
  subject: string;
  content: NotificationContent;
  /** `pending` to send, `skipped` when e-mail is off. */
  status: 'pending' | 'skipped';
  next_attempt_at: Date | null;
}

/** Filters of the notification list (newest first); `before` is the last id of the previous page. */
export interface NotificationFilter {
  candidateId?: number;
  status?: NotificationStatus;
  before?: number;
  limit: number;
}

const CLAIM_SQL = `
UPDATE notifications SET attempts = attempts + 1, next_attempt_at = $2, updated_at = now()
WHERE id IN (
  SELECT id FROM notifications
  WHERE status = 'pending' AND next_attempt_at <= $1
  ORDER BY next_attempt_at, id
  LIMIT $3
  FOR UPDATE SKIP LOCKED
)
RETURNING *`;

/**
 * All SQL of `notifications`, the outbox of interview e-mails. A send is claimed by a lease: the
 * claim moves `next_attempt_at` past the send's time limit and counts the attempt, so no other
 * instance picks it up meanwhile; the outcome is written only if the row is still that claim
 * (same `attempts`, still `pending`).
 */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes the notification unless one with the same dedupe key (interview, sequence, kind) exists.
   * @returns its id, or null when it was not written (a repeat)
   */
  async enqueue(manager: EntityManager, row: NewNotification): Promise<number | null> {
    const rows = await manager.query<{ id: number }[]>(
      `INSERT INTO notifications (kind, candidate_id, interview_id, recipient, subject, content, status, next_attempt_at, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        row.kind,
        row.candidate_id,
        row.interview_id,
        row.recipient,
        row.subject,
        JSON.stringify(row.content),
        row.status,
        row.next_attempt_at,
        `${row.interview_id}:${row.content.sequence}:${row.kind}`,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Claims up to `limit` due notifications (`FOR UPDATE SKIP LOCKED`: concurrent claimers get
   * disjoint rows), counting an attempt and leasing each until `leaseUntil`.
   */
  async claimDue(manager: EntityManager, now: Date, leaseUntil: Date, limit: number): Promise<Notification[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [rows] = await manager.query<[Notification[], number]>(CLAIM_SQL, [now, leaseUntil, limit]);
    return rows.map((row) => manager.getRepository(Notification).create(normalise(row)));
  }

  /** @returns whether the claim still held (the outcome was written) */
  async markSent(id: number, attempts: number, messageId: string | null, at: Date): Promise<boolean> {
    return this.settle(id, attempts, {
      status: 'sent',
      sent_at: at,
      message_id: messageId,
      last_error: null,
      next_attempt_at: null,
    });
  }

  /** Leaves it `pending`, due again at `next`. */
  async markRetry(id: number, attempts: number, error: string, next: Date): Promise<boolean> {
    return this.settle(id, attempts, { last_error: error, next_attempt_at: next });
  }

  async markFailed(id: number, attempts: number, error: string): Promise<boolean> {
    return this.settle(id, attempts, { status: 'failed', last_error: error, next_attempt_at: null });
  }

  private async settle(
    id: number,
    attempts: number,
    columns: Partial<Pick<Notification, 'status' | 'sent_at' | 'message_id' | 'last_error' | 'next_attempt_at'>>,
  ): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(Notification)
      .createQueryBuilder()
      .update()
      .set(columns)
      .where(`id = :id AND attempts = :attempts AND status = 'pending'`, { id, attempts })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * A `failed` notification becomes `pending` again, due now, with its attempts reset.
   * @returns the notification, or null when there is none with this id
   */
  async requeue(manager: EntityManager, id: number, now: Date): Promise<Notification | null> {
    const repository = manager.getRepository(Notification);
    await repository
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', attempts: 0, next_attempt_at: now })
      .where(`id = :id AND status = 'failed'`, { id })
      .execute();
    return repository.findOneBy({ id });
  }

  findById(id: number): Promise<Notification | null> {
    return this.dataSource.getRepository(Notification).findOneBy({ id });
  }

  /** Newest first. */
  list(filter: NotificationFilter): Promise<Notification[]> {
    const builder = this.dataSource.getRepository(Notification).createQueryBuilder('n');
    if (filter.candidateId) builder.andWhere('n.candidate_id = :candidateId', { candidateId: filter.candidateId });
    if (filter.status) builder.andWhere('n.status = :status', { status: filter.status });
    if (filter.before) builder.andWhere('n.id < :before', { before: filter.before });
    return builder.orderBy('n.id', 'DESC').take(filter.limit).getMany();
  }

  /** The latest notification of each of these candidates. */
  latestOf(candidateIds: number[]): Promise<Notification[]> {
    if (candidateIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .distinctOn(['n.candidate_id'])
      .where('n.candidate_id IN (:...ids)', { ids: candidateIds })
      .orderBy('n.candidate_id')
      .addOrderBy('n.id', 'DESC')
      .getMany();
  }
}

/** A raw RETURNING row, with timestamps and jsonb as the entity types them. */
function normalise(row: Notification): Notification {
  return {
    ...row,
    content: typeof row.content === 'string' ? (JSON.parse(row.content) as NotificationContent) : row.content,
    next_attempt_at: instantOrNull(row.next_attempt_at),
    sent_at: instantOrNull(row.sent_at),
    created_at: instant(row.created_at),
    updated_at: instant(row.updated_at),
  };
}
