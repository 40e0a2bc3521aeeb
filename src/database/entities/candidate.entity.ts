import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VirtualColumn,
} from 'typeorm';
import { bigintToNumber } from '../transformers.js';
import type { CandidateStatus } from './candidate-status.js';

/**
 * SQL reading `field` of the candidate's current call object, when it is of JSON type `kind`
 * (else null, as the mapper reads it): one probe of the unique `call_id` index. `alias` is the
 * candidate's alias in the query; column names are quoted as TypeORM quotes them.
 */
function currentCallField(alias: string, field: string, kind: 'string' | 'array', operator: '->>' | '->'): string {
  return `(SELECT CASE WHEN jsonb_typeof(r."call" -> '${field}') = '${kind}' THEN r."call" ${operator} '${field}' END
    FROM "retell_calls" r WHERE r."call_id" = ${alias}."retell_call_id" AND r."candidate_id" = ${alias}."id")`;
}

/**
 * A candidate in the ATS. Property names are the wire names of seed 002 (`retell_*`).
 * The `retell_*` fields mirror the candidate's most recent call and are written only by
 * call ingestion (webhook, manual save, sync), never by the profile endpoints.
 */
@Entity('candidates')
@Index('IDX_candidates_updated', ['updated_at', 'id'])
@Index('IDX_candidates_status_updated', ['status', 'updated_at', 'id'])
@Index('IDX_candidates_name_order', ['last_name', 'first_name', 'id'])
// Expression indexes of the search (migration CandidateSearchPrefix), which decorators cannot express.
@Index('IDX_candidates_email_prefix', { synchronize: false })
@Index('IDX_candidates_name_prefix', { synchronize: false })
@Index('IDX_candidates_last_name_prefix', { synchronize: false })
@Check('CHK_candidates_status', `"status" IN ('new', 'contacted', 'interviewing', 'rejected', 'hired', 'withdrawn')`)
export class Candidate {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  first_name: string;

  @Column({ type: 'text' })
  last_name: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'text', nullable: true })
  position: string | null;

  @Column({ type: 'text', nullable: true })
  company: string | null;

  @Column({ type: 'text', nullable: true })
  timezone: string | null;

  @Column({ type: 'text', default: 'new' })
  status: CandidateStatus;

  @Column({ type: 'boolean', default: false })
  do_not_call: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;

  // Basic call info, from Retell's call object.
  @Column({ type: 'text', nullable: true })
  retell_call_id: string | null;

  @Column({ type: 'text', nullable: true })
  retell_call_status: string | null;

  @Column({ type: 'text', nullable: true })
  retell_call_type: string | null;

  @Column({ type: 'text', nullable: true })
  retell_disconnection_reason: string | null;

  @Column({ type: 'text', nullable: true })
  retell_recording_url: string | null;

  /**
   * Read from the current call's object (`retell_calls.call`): the transcript is stored once, with
   * its call (the table's own copies were dropped by migration DropCandidateTranscriptCopy).
   */
  @VirtualColumn({ type: 'text', query: (alias) => currentCallField(alias, 'transcript', 'string', '->>') })
  retell_transcript: string | null;

  /** Read from the current call's object, like `retell_transcript`. */
  @VirtualColumn({ type: 'jsonb', query: (alias) => currentCallField(alias, 'transcript_object', 'array', '->') })
  retell_transcript_object: unknown[] | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  retell_call_duration_ms: number | null;

  @Column({ type: 'text', nullable: true })
  retell_call_summary: string | null;

  @Column({ type: 'jsonb', nullable: true })
  retell_call_analysis: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  retell_user_sentiment: string | null;

  @Column({ type: 'boolean', nullable: true })
  retell_call_successful: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  retell_in_voicemail: boolean | null;

  // Interview scheduling, from custom_analysis_data.
  @Column({ type: 'boolean', nullable: true })
  retell_interview_scheduled: boolean | null;

  @Column({ type: 'text', nullable: true })
  retell_scheduled_date: string | null;

  @Column({ type: 'text', nullable: true })
  retell_scheduled_time: string | null;

  @Column({ type: 'text', nullable: true })
  retell_scheduled_timezone: string | null;

  @Column({ type: 'text', nullable: true })
  retell_scheduled_datetime_iso: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  retell_interview_at: Date | null;

  @Column({ type: 'text', nullable: true })
  retell_candidate_timezone: string | null;

  @Column({ type: 'text', nullable: true })
  retell_availability_preference: string | null;

  @Column({ type: 'text', nullable: true })
  retell_unavailable_dates: string | null;

  // Screening data, from custom_analysis_data.
  @Column({ type: 'boolean', nullable: true })
  retell_is_qualified: boolean | null;

  @Column({ type: 'text', nullable: true })
  retell_interest_level: string | null;

  @Column({ type: 'double precision', nullable: true })
  retell_years_of_experience: number | null;

  @Column({ type: 'double precision', nullable: true })
  retell_salary_expectation: number | null;

  @Column({ type: 'jsonb', nullable: true })
  retell_technical_skills: string[] | null;

  @Column({ type: 'jsonb', nullable: true })
  retell_questions_asked: string[] | null;

  @Column({ type: 'text', nullable: true })
  retell_call_outcome: string | null;

  @Column({ type: 'text', nullable: true })
  retell_rejection_reason: string | null;

  // Metadata.
  @Column({ type: 'jsonb', nullable: true })
  retell_metadata: Record<string, unknown> | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  retell_start_timestamp: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  retell_end_timestamp: number | null;

  @Column({ type: 'text', nullable: true })
  retell_public_log_url: string | null;

  @Column({ type: 'text', nullable: true })
  retell_additional_notes: string | null;
}
