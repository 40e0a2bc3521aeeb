import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Candidate } from './candidate.entity.js';
import { Interview } from './interview.entity.js';

export const NOTIFICATION_KINDS = ['interview_invitation', 'interview_update', 'interview_cancellation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * What an e-mail says, frozen when the interview changed: a later change gets its own e-mail, and
 * this one still describes the interview at its `sequence`. Never holds a transcript.
 */
export interface NotificationContent {
  /** ISO 8601 instant. */
  starts_at: string;
  duration_minutes: number;
  timezone: string;
  sequence: number;
  first_name: string;
  last_name: string;
  position: string | null;
  company: string | null;
}

/**
 * An e-mail to send (the transactional outbox): written in the transaction that changed the
 * interview, sent afterwards by the dispatcher. `dedupe_key` (interview, sequence, kind) makes a
 * repeat of the same change write nothing.
 */
@Entity('notifications')
@Unique('UQ_notifications_dedupe', ['dedupe_key'])
@Index('IDX_notifications_due', ['next_attempt_at', 'id'], { where: `"status" = 'pending'` })
@Index('IDX_notifications_candidate', ['candidate_id', 'id'])
@Index('IDX_notifications_interview', ['interview_id'])
@Check('CHK_notifications_kind', `"kind" IN ('interview_invitation', 'interview_update', 'interview_cancellation')`)
@Check('CHK_notifications_status', `"status" IN ('pending', 'sent', 'failed', 'skipped')`)
export class Notification {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ type: 'integer' })
  candidate_id: number;

  @ManyToOne(() => Candidate, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'FK_notifications_candidate' })
  candidate?: Candidate;

  @Column({ type: 'integer' })
  interview_id: number;

  @ManyToOne(() => Interview, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'interview_id', foreignKeyConstraintName: 'FK_notifications_interview' })
  interview?: Interview;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'jsonb' })
  content: NotificationContent;

  @Column({ type: 'text', default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  next_attempt_at: Date | null;

  @Column({ type: 'text', nullable: true })
  last_error: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sent_at: Date | null;

  @Column({ type: 'text', nullable: true })
  message_id: string | null;

  @Column({ type: 'text' })
  dedupe_key: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;
}
