import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUSES,
  type Notification,
  type NotificationKind,
  type NotificationStatus,
} from '../database/entities/notification.entity.js';

/** An interview e-mail as the API shows it (never its body). */
@ApiSchema({ name: 'Notification' })
export class NotificationView {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'interview_invitation' })
  kind: NotificationKind;

  @ApiProperty({ example: 199 })
  candidate_id: number;

  @ApiProperty({ example: 7 })
  interview_id: number;

  @ApiProperty({ example: 0, description: 'the interview SEQUENCE this e-mail carries' })
  sequence: number;

  @ApiProperty({ example: 'john.doe@example.com' })
  recipient: string;

  @ApiProperty({ example: 'Interview Confirmation - Senior Python Developer Position at TechCorp' })
  subject: string;

  @ApiProperty({
    enum: NOTIFICATION_STATUSES,
    example: 'sent',
    description: 'pending (to send or retry), sent, failed (gave up; see last_error), skipped (e-mail off)',
  })
  status: NotificationStatus;

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  next_attempt_at: Date | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '550 5.1.1 Mailbox unavailable' })
  last_error: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  sent_at: Date | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Message-ID of the sent e-mail' })
  message_id: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;
}

export function toNotificationView(row: Notification): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    candidate_id: row.candidate_id,
    interview_id: row.interview_id,
    sequence: row.content.sequence,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error,
    sent_at: row.sent_at,
    message_id: row.message_id,
    created_at: row.created_at,
  };
}

/** The candidate's latest e-mail, as seed 000's `email_notifications`. */
@ApiSchema({ name: 'CandidateEmailStatus' })
export class EmailStatusView {
  @ApiProperty({ example: 12 })
  notification_id: number;

  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind: NotificationKind;

  @ApiProperty({ example: true, description: 'the e-mail was accepted by the SMTP server' })
  confirmation_sent: boolean;

  @ApiProperty({ enum: NOTIFICATION_STATUSES, example: 'sent' })
  email_status: NotificationStatus;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  sent_at: Date | null;

  @ApiProperty({ example: 'Interview Confirmation - Senior Python Developer Position at TechCorp' })
  subject: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'the SMTP error of the last failed attempt' })
  last_error: string | null;
}

export function toEmailStatusView(row: Notification): EmailStatusView {
  return {
    notification_id: row.id,
    kind: row.kind,
    confirmation_sent: row.status === 'sent',
    email_status: row.status,
    sent_at: row.sent_at,
    subject: row.subject,
    last_error: row.last_error,
  };
}
