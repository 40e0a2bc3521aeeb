import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A personal token of the calendar feed (`GET /api/calendar.ics?token=…`): stored as the SHA-256
 * of the token (shown once, at creation), with whom it is for. A revoked token stays listed.
 */
@Entity('calendar_feed_tokens')
export class CalendarFeedToken {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  /** Hex SHA-256 of the token. */
  @Column({ type: 'text', unique: true })
  token_hash: string;

  /** Whom the token is for: a recruiter's name, a team, a calendar. */
  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  created_at: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revoked_at: Date | null;
}
