import { ApiProperty, ApiSchema, type ApiPropertyOptions } from '@nestjs/swagger';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../database/entities/candidate-status.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import { CallAnalysisDto, UtteranceDto } from '../retell/dto/retell-call.dto.js';
import { CALL_TYPES, RETELL_CALL_STATUSES, USER_SENTIMENTS } from '../retell/retell-call-object.js';
import { INTEREST_LEVELS, OUTCOMES } from '../rules/custom-analysis.js';
import type { Interview } from '../database/entities/interview.entity.js';
import type { Notification } from '../database/entities/notification.entity.js';
import { NEXT_ACTIONS, OUTREACH_REASONS, type NextAction, type Outreach } from '../rules/outreach.js';
import { EmailStatusView, toEmailStatusView } from './notification.view.js';
import { InterviewView, toInterviewView } from './interview.view.js';

/** Always present, null when unknown. */
const nullable = (
  type: 'string' | 'integer' | 'number' | 'boolean',
  options: ApiPropertyOptions = {},
): ApiPropertyOptions => ({ type, nullable: true, ...options });

/** Epoch milliseconds from Retell's call object, or null. */
const epochMs = (): ApiPropertyOptions =>
  nullable('integer', { format: 'int64', example: 1704067200000, description: 'epoch milliseconds, from Retell' });

/**
 * One of `values`, or null. Inline rather than a named schema: OpenAPI 3.0 cannot make a `$ref`
 * nullable, and an enumeration admits null only when it lists it.
 */
const nullableEnum = (values: readonly string[], options: ApiPropertyOptions = {}): ApiPropertyOptions =>
  nullable('string', { enum: [...values, null], ...options });

/**
 * A selector of the agent's post-call analysis: one of `options` (matched case-insensitively when
 * it arrives), or, when the agent gave other text, that text as given, or null. So the schema
 * lists the options and still admits any string.
 */
const selector = (options: readonly string[], example: string): ApiPropertyOptions => ({
  example,
  anyOf: [
    { type: 'string', enum: [...options] },
    { type: 'string', nullable: true },
  ],
  description: `${options.join(' | ')}; other text the agent gave is kept as given`,
});

/** Seed 000's `call_tracking`: whether a call would be placed now, by the dial rules. */
@ApiSchema({ name: 'CandidateOutreach' })
export class OutreachView {
  @ApiProperty({ example: true })
  can_call: boolean;

  @ApiProperty({
    enum: [...OUTREACH_REASONS, null],
    nullable: true,
    description:
      'why a call would be refused now: calling_not_configured (503: RETELL_FROM_NUMBER or RETELL_AGENT_ID unset), else the 409 details.reason; null when it would be placed',
  })
  reason: string | null;

  @ApiProperty({
    example: true,
    description: 'whether the service can place calls (RETELL_FROM_NUMBER and RETELL_AGENT_ID are set)',
  })
  calling_configured: boolean;

  @ApiProperty({ example: 1, description: 'calls that count toward MAX_CALL_ATTEMPTS' })
  attempts: number;

  @ApiProperty({ example: 3 })
  max_attempts: number;

  @ApiProperty({ example: 2 })
  remaining_attempts: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'UTC instant the calling window next opens, when outside calling hours',
  })
  next_allowed_at: Date | null;

  @ApiProperty({ example: 'America/New_York', description: 'IANA zone the calling window is read in' })
  timezone: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      "UTC instant the next attempt is due by the cadence (the open campaign's schedule, else CALL_RETRY_DELAYS after the latest call), inside calling hours; null when none waits",
  })
  next_attempt_at: Date | null;

  @ApiProperty({
    example: false,
    description: 'a call now would come before next_attempt_at: allowed (a recruiter decided), but early',
  })
  early: boolean;

  @ApiProperty({ type: 'integer', nullable: true, description: 'the open campaign the candidate is in' })
  campaign_id: number | null;

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
  @ApiProperty({ type: 'integer', example: 199 })
  id: number;

  @ApiProperty({ example: 'John' })
  first_name: string;

  @ApiProperty({ example: 'Doe' })
  last_name: string;

  @ApiProperty({ example: 'john.doe@example.com' })
  email: string;

  @ApiProperty({ example: '+14155550199', description: 'E.164' })
  phone: string;

  @ApiProperty(nullable('string', { example: 'Senior Python Developer' }))
  position: string | null;

  @ApiProperty(nullable('string', { example: 'TechCorp' }))
  company: string | null;

  @ApiProperty(nullable('string', { example: 'America/New_York', description: 'IANA time zone' }))
  timezone: string | null;

  @ApiProperty({
    enum: CANDIDATE_STATUSES,
    enumName: 'CandidateStatus',
    example: 'new',
    description: 'pipeline status: new, contacted, interviewing, rejected; hired and withdrawn close the candidate',
  })
  status: CandidateStatus;

  @ApiProperty({ example: false })
  do_not_call: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;

  // Basic call info, from Retell's call object.
  @ApiProperty(nullable('string', { example: 'call_abc123xyz789' }))
  retell_call_id: string | null;

  @ApiProperty(nullableEnum(RETELL_CALL_STATUSES, { example: 'ended' }))
  retell_call_status: string | null;

  @ApiProperty(nullableEnum(CALL_TYPES, { example: 'phone_call' }))
  retell_call_type: string | null;

  @ApiProperty(
    nullable('string', { example: 'user_hangup', description: "Retell's disconnection reason, e.g. agent_hangup" }),
  )
  retell_disconnection_reason: string | null;

  @ApiProperty(nullable('string'))
  retell_recording_url: string | null;

  @ApiProperty(nullable('string'))
  retell_transcript: string | null;

  @ApiProperty({
    type: () => [UtteranceDto],
    nullable: true,
    description: 'Utterances with word timings, as Retell sends them',
  })
  retell_transcript_object: unknown[] | null;

  @ApiProperty(nullable('integer', { example: 600000, description: 'milliseconds' }))
  retell_call_duration_ms: number | null;

  @ApiProperty(nullable('string'))
  retell_call_summary: string | null;

  @ApiProperty({ type: () => CallAnalysisDto, nullable: true, description: "Retell's call_analysis, raw" })
  retell_call_analysis: Record<string, unknown> | null;

  @ApiProperty(nullableEnum(USER_SENTIMENTS, { example: 'Positive' }))
  retell_user_sentiment: string | null;

  @ApiProperty(nullable('boolean'))
  retell_call_successful: boolean | null;

  @ApiProperty(nullable('boolean'))
  retell_in_voicemail: boolean | null;

  // Interview scheduling, from custom_analysis_data.
  @ApiProperty(nullable('boolean'))
  retell_interview_scheduled: boolean | null;

  @ApiProperty(nullable('string', { example: '2025-10-08' }))
  retell_scheduled_date: string | null;

  @ApiProperty(nullable('string', { example: '3:00 PM' }))
  retell_scheduled_time: string | null;

  @ApiProperty(nullable('string', { example: 'Eastern Time (ET)' }))
  retell_scheduled_timezone: string | null;

  @ApiProperty(nullable('string', { example: '2025-10-08T15:00:00-04:00' }))
  retell_scheduled_datetime_iso: string | null;

  @ApiProperty(
    nullable('string', {
      format: 'date-time',
      description:
        'The interview instant derived from the scheduled_* fields; null when unknown or ambiguous, or when it is before the call ended or more than a year after it (then no interview is booked: next_action book_interview)',
    }),
  )
  retell_interview_at: Date | null;

  @ApiProperty(nullable('string', { example: 'Eastern Time' }))
  retell_candidate_timezone: string | null;

  @ApiProperty(nullable('string'))
  retell_availability_preference: string | null;

  @ApiProperty(nullable('string', { example: 'October 15-17 (vacation)' }))
  retell_unavailable_dates: string | null;

  // Screening data, from custom_analysis_data.
  @ApiProperty(nullable('boolean'))
  retell_is_qualified: boolean | null;

  @ApiProperty(selector(INTEREST_LEVELS, 'High'))
  retell_interest_level: string | null;

  @ApiProperty(nullable('number', { example: 5 }))
  retell_years_of_experience: number | null;

  @ApiProperty(nullable('number', { example: 120000, description: 'dollars' }))
  retell_salary_expectation: number | null;

  @ApiProperty({ type: [String], nullable: true, example: ['Python', 'Django'] })
  retell_technical_skills: string[] | null;

  @ApiProperty({ type: [String], nullable: true, example: ['What is the team size?'] })
  retell_questions_asked: string[] | null;

  @ApiProperty(selector(OUTCOMES, 'Interview Scheduled'))
  retell_call_outcome: string | null;

  @ApiProperty(nullable('string'))
  retell_rejection_reason: string | null;

  // Metadata.
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    example: { candidate_id: '199', job_id: '45', recruiter: 'Emma Johnson' },
    description: "the call's metadata, as given when the call was created",
  })
  retell_metadata: Record<string, unknown> | null;

  @ApiProperty(epochMs())
  retell_start_timestamp: number | null;

  @ApiProperty(epochMs())
  retell_end_timestamp: number | null;

  @ApiProperty(nullable('string'))
  retell_public_log_url: string | null;

  @ApiProperty(nullable('string'))
  retell_additional_notes: string | null;

  // Interview, e-mail and outreach.
  @ApiProperty({ type: () => InterviewView, nullable: true, description: 'the scheduled interview, or null' })
  interview: InterviewView | null;

  @ApiProperty({
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
