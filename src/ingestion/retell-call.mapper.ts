import type { Candidate } from '../database/entities/candidate.entity.js';
import { parseCustomAnalysis } from '../rules/custom-analysis.js';
import { deriveInterviewAt, plausibleInterviewAt } from '../rules/interview-time.js';
import {
  asBoolean,
  asHttpsUrl,
  asInteger,
  asString,
  isRecord,
  type RetellCallObject,
} from '../retell/retell-call-object.js';

/** The `retell_*` fields read from the current call's record, never written onto the candidate row. */
type ReadFromCall = 'retell_transcript' | 'retell_transcript_object';

/**
 * Every candidate field that call ingestion writes: the `retell_*` mirror of one call, but the
 * transcript, which is stored once, with the call ({@link Candidate.retell_transcript}).
 */
export type CandidateCallFields = Omit<Pick<Candidate, Extract<keyof Candidate, `retell_${string}`>>, ReadFromCall>;

/** The `retell_calls` columns derived from a call object. */
export interface CallRecordFields {
  call_status: string;
  call_type: string | null;
  agent_id: string | null;
  start_timestamp: number | null;
  end_timestamp: number | null;
  duration_ms: number | null;
  disconnection_reason: string | null;
  call_analysis: Record<string, unknown> | null;
  job_id: string | null;
  recruiter: string | null;
  in_voicemail: boolean | null;
  call_successful: boolean | null;
  user_sentiment: string | null;
  /** `custom_analysis_data.interview_scheduled`, parsed as for the candidate. */
  interview_scheduled: boolean | null;
  /** `custom_analysis_data.outcome`, canonical spelling when it is one of the selector's options. */
  outcome: string | null;
  /** `custom_analysis_data.candidate_interest_level`, canonical spelling likewise. */
  interest_level: string | null;
  /** Retell's `call_cost.combined_cost`: cents, may be fractional. */
  combined_cost: number | null;
}

/** The result of mapping one call object; `warnings` name invalid fields, never their values. */
export interface MappedCall {
  candidate: CandidateCallFields;
  record: CallRecordFields;
  /** The candidate asked not to be called again (`custom_analysis_data.do_not_call_requested`). */
  doNotCallRequested: boolean;
  warnings: string[];
}

function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function label(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : asString(value);
}

/**
 * Maps a Retell call object to the candidate's `retell_*` fields and the call record's columns.
 * Pure: no I/O and no clock. Field names follow seed 002; timestamps are epoch milliseconds from
 * Retell's call object; `retell_interview_at` is derived with {@link deriveInterviewAt}, and kept
 * only when it is after the call and within a year of it ({@link plausibleInterviewAt}).
 */
export function mapRetellCall(call: RetellCallObject): MappedCall {
  const analysis = isRecord(call.call_analysis) ? call.call_analysis : null;
  const metadata = isRecord(call.metadata) ? call.metadata : null;
  const { data: custom, warnings } = parseCustomAnalysis(analysis?.custom_analysis_data);
  const record: CallRecordFields = {
    call_status: asString(call.call_status) ?? 'registered',
    call_type: asString(call.call_type),
    agent_id: asString(call.agent_id),
    start_timestamp: asInteger(call.start_timestamp),
    end_timestamp: asInteger(call.end_timestamp),
    duration_ms: asInteger(call.duration_ms),
    disconnection_reason: asString(call.disconnection_reason),
    call_analysis: analysis,
    job_id: label(metadata?.job_id),
    recruiter: label(metadata?.recruiter),
    in_voicemail: asBoolean(analysis?.in_voicemail),
    call_successful: asBoolean(analysis?.call_successful),
    user_sentiment: asString(analysis?.user_sentiment),
    interview_scheduled: custom.interview_scheduled,
    outcome: custom.outcome,
    interest_level: custom.candidate_interest_level,
    combined_cost: finiteNumber(isRecord(call.call_cost) ? call.call_cost.combined_cost : undefined),
  };
  const candidate: CandidateCallFields = {
    retell_call_id: call.call_id,
    retell_call_status: record.call_status,
    retell_call_type: record.call_type,
    retell_disconnection_reason: record.disconnection_reason,
    retell_recording_url: asHttpsUrl(call.recording_url),
    retell_call_duration_ms: record.duration_ms,
    retell_start_timestamp: record.start_timestamp,
    retell_end_timestamp: record.end_timestamp,
    retell_metadata: metadata,
    retell_public_log_url: asHttpsUrl(call.public_log_url),
    retell_call_analysis: analysis,
    retell_call_summary: asString(analysis?.call_summary),
    retell_user_sentiment: record.user_sentiment,
    retell_call_successful: record.call_successful,
    retell_in_voicemail: record.in_voicemail,
    retell_interview_scheduled: custom.interview_scheduled,
    retell_scheduled_date: custom.scheduled_date,
    retell_scheduled_time: custom.scheduled_time,
    retell_scheduled_timezone: custom.scheduled_timezone,
    retell_scheduled_datetime_iso: custom.scheduled_datetime_iso,
    retell_interview_at: plausibleInterviewAt(
      deriveInterviewAt(custom),
      record.end_timestamp ?? record.start_timestamp,
    ),
    retell_candidate_timezone: custom.candidate_timezone,
    retell_availability_preference: custom.availability_preference,
    retell_unavailable_dates: custom.unavailable_dates,
    retell_is_qualified: custom.is_qualified_candidate,
    retell_interest_level: record.interest_level,
    retell_years_of_experience: custom.years_of_experience,
    retell_salary_expectation: custom.salary_expectation,
    retell_technical_skills: custom.technical_skills_mentioned,
    retell_questions_asked: custom.questions_asked,
    retell_call_outcome: record.outcome,
    retell_rejection_reason: custom.rejection_reason,
    retell_additional_notes: custom.additional_notes,
  };
  return { candidate, record, doNotCallRequested: custom.do_not_call_requested === true, warnings };
}

/** The mirror of no call: every `retell_*` field null (a candidate whose only call moved away). */
export function emptyCandidateCallFields(): Record<keyof CandidateCallFields, null> {
  const keys = Object.keys(mapRetellCall({ call_id: '' }).candidate) as (keyof CandidateCallFields)[];
  return Object.fromEntries(keys.map((key) => [key, null])) as Record<keyof CandidateCallFields, null>;
}
