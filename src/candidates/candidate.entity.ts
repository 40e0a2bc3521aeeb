import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../database/transformers.js';
import { CANDIDATE_STATUSES, type CandidateStatus } from './candidate-status.js';

/**
 * A candidate in the ATS. Property names are the wire names of seed 002 (`retell_*`).
 * The `retell_*` fields mirror the candidate's most recent call and are written only by
 * call ingestion (webhook, manual save, sync), never by the profile endpoints.
 */
@Entity('candidates')
@Index('IDX_candidates_updated', ['updated_at', 'id'])
@Index('IDX_candidates_status_updated', ['status', 'updated_at', 'id'])
@Check('CHK_candidates_status', `"status" IN ('new', 'contacted', 'interviewing', 'rejected', 'hired', 'withdrawn')`)
export class Candidate {
  @ApiProperty({ example: 199 })
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @ApiProperty({ example: 'John' })
  @Column({ type: 'text' })
  first_name: string;

  @ApiProperty({ example: 'Doe' })
  @Column({ type: 'text' })
  last_name: string;

  @ApiProperty({ example: 'john.doe@example.com' })
  @Column({ type: 'text' })
  email: string;

  @ApiProperty({ example: '+14155550199', description: 'E.164' })
  @Column({ type: 'text' })
  phone: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Senior Python Developer' })
  @Column({ type: 'text', nullable: true })
  position: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'TechCorp' })
  @Column({ type: 'text', nullable: true })
  company: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'America/New_York', description: 'IANA time zone' })
  @Column({ type: 'text', nullable: true })
  timezone: string | null;

  @ApiProperty({ enum: CANDIDATE_STATUSES, example: 'new' })
  @Column({ type: 'text', default: 'new' })
  status: CandidateStatus;

  @ApiProperty({ example: false })
  @Column({ type: 'boolean', default: false })
  do_not_call: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;

  // Basic call info, from Retell's call object.
  @ApiPropertyOptional({ type: String, nullable: true, example: 'call_abc123xyz789' })
  @Column({ type: 'text', nullable: true })
  retell_call_id: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'ended',
    description: 'registered | ongoing | ended | error | not_connected',
  })
  @Column({ type: 'text', nullable: true })
  retell_call_status: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'phone_call' })
  @Column({ type: 'text', nullable: true })
  retell_call_type: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'user_hangup' })
  @Column({ type: 'text', nullable: true })
  retell_disconnection_reason: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_recording_url: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_transcript: string | null;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    nullable: true,
    description: 'Utterances with word timings, as Retell sends them',
  })
  @Column({ type: 'jsonb', nullable: true })
  retell_transcript_object: unknown[] | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 600000, description: 'milliseconds' })
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  retell_call_duration_ms: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_call_summary: string | null;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    description: "Retell's call_analysis, raw",
    additionalProperties: true,
  })
  @Column({ type: 'jsonb', nullable: true })
  retell_call_analysis: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Positive' })
  @Column({ type: 'text', nullable: true })
  retell_user_sentiment: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @Column({ type: 'boolean', nullable: true })
  retell_call_successful: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @Column({ type: 'boolean', nullable: true })
  retell_in_voicemail: boolean | null;

  // Interview scheduling, from custom_analysis_data.
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @Column({ type: 'boolean', nullable: true })
  retell_interview_scheduled: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-10-08' })
  @Column({ type: 'text', nullable: true })
  retell_scheduled_date: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '3:00 PM' })
  @Column({ type: 'text', nullable: true })
  retell_scheduled_time: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Eastern Time (ET)' })
  @Column({ type: 'text', nullable: true })
  retell_scheduled_timezone: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-10-08T15:00:00-04:00' })
  @Column({ type: 'text', nullable: true })
  retell_scheduled_datetime_iso: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The interview instant derived from the scheduled_* fields; null when unknown or ambiguous',
  })
  @Column({ type: 'timestamptz', nullable: true })
  retell_interview_at: Date | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_candidate_timezone: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_availability_preference: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_unavailable_dates: string | null;

  // Screening data, from custom_analysis_data.
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @Column({ type: 'boolean', nullable: true })
  retell_is_qualified: boolean | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'High',
    description: 'High | Medium | Low | Not Interested',
  })
  @Column({ type: 'text', nullable: true })
  retell_interest_level: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 5 })
  @Column({ type: 'double precision', nullable: true })
  retell_years_of_experience: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 120000, description: 'dollars' })
  @Column({ type: 'double precision', nullable: true })
  retell_salary_expectation: number | null;

  @ApiPropertyOptional({ type: [String], nullable: true, example: ['Python', 'Django'] })
  @Column({ type: 'jsonb', nullable: true })
  retell_technical_skills: string[] | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  retell_questions_asked: string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Interview Scheduled' })
  @Column({ type: 'text', nullable: true })
  retell_call_outcome: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_rejection_reason: string | null;

  // Metadata.
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true })
  @Column({ type: 'jsonb', nullable: true })
  retell_metadata: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'epoch milliseconds, from Retell' })
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  retell_start_timestamp: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'epoch milliseconds, from Retell' })
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  retell_end_timestamp: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_public_log_url: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  retell_additional_notes: string | null;
}
