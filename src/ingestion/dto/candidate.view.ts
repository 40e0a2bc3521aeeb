import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../database/entities/candidate-status.js';
import type { Candidate } from '../../database/entities/candidate.entity.js';
import type { Interview } from '../../database/entities/interview.entity.js';
import type { Notification } from '../../database/entities/notification.entity.js';
import { DIAL_REFUSALS } from '../dial-rules.js';
import { NEXT_ACTIONS, type NextAction, type Outreach } from '../outreach.js';
import { EmailStatusView, toEmailStatusView } from './notification.view.js';
import { InterviewView, toInterviewView } from './interview.view.js';

/** Seed 000's `call_tracking`: whether a call would be placed now, by the dial rules. */
@ApiSchema({ name: 'CandidateOutreach' })
export class OutreachView {
  @ApiProperty({ example: true })
  can_call: boolean;

  @ApiPropertyOptional({
    enum: DIAL_REFUSALS,
    nullable: true,
    description: 'the refusal (409 details.reason) a call would get now; null when it would be placed',
  })
  reason: string | null;

  @ApiProperty({ example: 1, description: 'calls that count toward MAX_CALL_ATTEMPTS' })
  attempts: number;

  @ApiProperty({ example: 3 })
  max_attempts: number;

  @ApiProperty({ example: 2 })
  remaining_attempts: number;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'UTC instant the calling window next opens, when outside calling hours',
  })
  next_allowed_at: Date | null;

  @ApiProperty({ example: 'America/New_York', description: 'IANA zone the calling window is read in' })
  timezone: string;

  @ApiProperty({ enum: NEXT_ACTIONS, example: 'call' })
  next_action: NextAction;
}

/** What the candidate view adds to the row: the scheduled interview, the latest e-mail, the outreach status. */
export interface CandidateExtras {
  interview: Interview | null;
  email: Notification | null;
  outreach: Outreach;
}

/**
 * A candidate as the API shows it. Property names are the wire names of seed 002 (`retell_*`).
 * The `retell_*` fields mirror the candidate's most recent call and are written only by call
 * ingestion (webhook, manual save, sync), never by the profile endpoints. Timestamps ending in
 * `_timestamp` are epoch milliseconds from Retell's call object.
 */
@ApiSchema({ name: 'Candidate' })
export class CandidateView {
  @ApiProperty({ example: 199 })
  id: number;

  @ApiProperty({ example: 'John' })
  first_name: string;

  @ApiProperty({ example: 'Doe' })
  last_name: string;

  @ApiProperty({ example: 'john.doe@example.com' })
  email: string;

  @ApiProperty({ example: '+14155550199', description: 'E.164' })
  phone: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Senior Python Developer' })
  position: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'TechCorp' })
  company: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'America/New_York', description: 'IANA time zone' })
  timezone: string | null;

  @ApiProperty({ enum: CANDIDATE_STATUSES, example: 'new' })
  status: CandidateStatus;

  @ApiProperty({ example: false })
  do_not_call: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;

  // Basic call info, from Retell's call object.
  @ApiPropertyOptional({ type: String, nullable: true, example: 'call_abc123xyz789' })
  retell_call_id: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'ended',
    description: 'registered | ongoing | ended | error | not_connected',
  })
  retell_call_status: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'phone_call' })
  retell_call_type: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'user_hangup' })
  retell_disconnection_reason: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_recording_url: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_transcript: string | null;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    nullable: true,
    description: 'Utterances with word timings, as Retell sends them',
  })
  retell_transcript_object: unknown[] | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 600000, description: 'milliseconds' })
  retell_call_duration_ms: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_call_summary: string | null;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    description: "Retell's call_analysis, raw",
    additionalProperties: true,
  })
  retell_call_analysis: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Positive' })
  retell_user_sentiment: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  retell_call_successful: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  retell_in_voicemail: boolean | null;

  // Interview scheduling, from custom_analysis_data.
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  retell_interview_scheduled: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-10-08' })
  retell_scheduled_date: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '3:00 PM' })
  retell_scheduled_time: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Eastern Time (ET)' })
  retell_scheduled_timezone: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-10-08T15:00:00-04:00' })
  retell_scheduled_datetime_iso: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The interview instant derived from the scheduled_* fields; null when unknown or ambiguous',
  })
  retell_interview_at: Date | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_candidate_timezone: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_availability_preference: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_unavailable_dates: string | null;

  // Screening data, from custom_analysis_data.
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  retell_is_qualified: boolean | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'High',
    description: 'High | Medium | Low | Not Interested',
  })
  retell_interest_level: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 5 })
  retell_years_of_experience: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 120000, description: 'dollars' })
  retell_salary_expectation: number | null;

  @ApiPropertyOptional({ type: [String], nullable: true, example: ['Python', 'Django'] })
  retell_technical_skills: string[] | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  retell_questions_asked: string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Interview Scheduled' })
  retell_call_outcome: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_rejection_reason: string | null;

  // Metadata.
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true })
  retell_metadata: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'epoch milliseconds, from Retell' })
  retell_start_timestamp: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'epoch milliseconds, from Retell' })
  retell_end_timestamp: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_public_log_url: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  retell_additional_notes: string | null;

  // Interview, e-mail and outreach.
  @ApiPropertyOptional({ type: () => InterviewView, nullable: true, description: 'the scheduled interview, or null' })
  interview: InterviewView | null;

  @ApiPropertyOptional({
    type: () => EmailStatusView,
    nullable: true,
    description: "the latest interview e-mail's status, or null when none was written",
  })
  email_notifications: EmailStatusView | null;

  @ApiProperty({ type: () => OutreachView })
  outreach: OutreachView;
}

/** The view of a stored candidate: every wire key listed, so a new column is never exposed by accident. */
export function toCandidateView(row: Candidate, extras: CandidateExtras): CandidateView {
  return {
    id: row.id,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    phone: row.phone,
    position: row.position,
    company: row.company,
    timezone: row.timezone,
    status: row.status,
    do_not_call: row.do_not_call,
    created_at: row.created_at,
    updated_at: row.updated_at,
    retell_call_id: row.retell_call_id,
    retell_call_status: row.retell_call_status,
    retell_call_type: row.retell_call_type,
    retell_disconnection_reason: row.retell_disconnection_reason,
    retell_recording_url: row.retell_recording_url,
    retell_transcript: row.retell_transcript,
    retell_transcript_object: row.retell_transcript_object,
    retell_call_duration_ms: row.retell_call_duration_ms,
    retell_call_summary: row.retell_call_summary,
    retell_call_analysis: row.retell_call_analysis,
    retell_user_sentiment: row.retell_user_sentiment,
    retell_call_successful: row.retell_call_successful,
    retell_in_voicemail: row.retell_in_voicemail,
    retell_interview_scheduled: row.retell_interview_scheduled,
    retell_scheduled_date: row.retell_scheduled_date,
    retell_scheduled_time: row.retell_scheduled_time,
    retell_scheduled_timezone: row.retell_scheduled_timezone,
    retell_scheduled_datetime_iso: row.retell_scheduled_datetime_iso,
    retell_interview_at: row.retell_interview_at,
    retell_candidate_timezone: row.retell_candidate_timezone,
    retell_availability_preference: row.retell_availability_preference,
    retell_unavailable_dates: row.retell_unavailable_dates,
    retell_is_qualified: row.retell_is_qualified,
    retell_interest_level: row.retell_interest_level,
    retell_years_of_experience: row.retell_years_of_experience,
    retell_salary_expectation: row.retell_salary_expectation,
    retell_technical_skills: row.retell_technical_skills,
    retell_questions_asked: row.retell_questions_asked,
    retell_call_outcome: row.retell_call_outcome,
    retell_rejection_reason: row.retell_rejection_reason,
    retell_metadata: row.retell_metadata,
    retell_start_timestamp: row.retell_start_timestamp,
    retell_end_timestamp: row.retell_end_timestamp,
    retell_public_log_url: row.retell_public_log_url,
    retell_additional_notes: row.retell_additional_notes,
    interview: extras.interview ? toInterviewView(extras.interview) : null,
    email_notifications: extras.email ? toEmailStatusView(extras.email) : null,
    outreach: { ...extras.outreach },
  };
}
