import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Candidate } from './candidate.entity.js';

export const INTERVIEW_STATUSES = ['scheduled', 'cancelled'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

/**
 * An interview with a candidate, booked by a call (`call_id`) or by a recruiter (`call_id` null).
 * `sequence` starts at 0 and grows by one at every change, as iCalendar's SEQUENCE does; a
 * candidate has at most one `scheduled` interview.
 */
@Entity('interviews')
@Index('UQ_interviews_scheduled', ['candidate_id'], { unique: true, where: `"status" = 'scheduled'` })
@Index('IDX_interviews_starts', ['starts_at', 'id'])
@Index('IDX_interviews_candidate', ['candidate_id'])
@Check('CHK_interviews_status', `"status" IN ('scheduled', 'cancelled')`)
@Check('CHK_interviews_duration', `"duration_minutes" > 0`)
export class Interview {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'integer' })
  candidate_id: number;

  @ManyToOne(() => Candidate, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'FK_interviews_candidate' })
  candidate?: Candidate;

  @Column({ type: 'text', nullable: true })
  call_id: string | null;

  @Column({ type: 'timestamptz' })
  starts_at: Date;

  @Column({ type: 'integer', default: 45 })
  duration_minutes: number;

  /** IANA zone the time was agreed in. */
  @Column({ type: 'text' })
  timezone: string;

  @Column({ type: 'text', default: 'scheduled' })
  status: InterviewStatus;

  @Column({ type: 'integer', default: 0 })
  sequence: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;
}
