import { readFileSync } from 'node:fs';
import Retell from 'retell-sdk';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';

/** The manual-save example of seed 002, verbatim. */
export const SEED_002_CALL = JSON.parse(
  readFileSync(new URL('../fixtures/seed-002-call.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

const T0 = 1_763_700_000_000;

let sequence = 0;
/** A fresh call id per test, so tests never collide. */
export const newCallId = (): string =>
  `call_${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export interface CallOptions {
  callId: string;
  candidateId?: number | string;
  startedAt?: number;
  custom?: Record<string, unknown>;
  disconnection_reason?: PhoneCallResponse['disconnection_reason'];
  in_voicemail?: boolean;
  metadata?: Record<string, unknown> | null;
}

function base(options: CallOptions): PhoneCallResponse {
  const metadata =
    options.metadata === null
      ? undefined
      : (options.metadata ?? { candidate_id: String(options.candidateId), job_id: '45', recruiter: 'Emma Johnson' });
  return {
    call_id: options.callId,
    agent_id: 'agent_7d2f0c1e9b',
    agent_version: 3,
    call_status: 'registered',
    call_type: 'phone_call',
    direction: 'outbound',
    from_number: '+14155550100',
    to_number: '+14155550199',
    ...(metadata ? { metadata } : {}),
    retell_llm_dynamic_variables: { first_name: 'John' },
  } satisfies PhoneCallResponse;
}

/** `call_started`: basic call info, status ongoing. */
export function startedCall(options: CallOptions): PhoneCallResponse {
  return {
    ...base(options),
    call_status: 'ongoing',
    start_timestamp: options.startedAt ?? T0,
  } satisfies PhoneCallResponse;
}

/** `call_ended`: every field except call_analysis. */
export function endedCall(options: CallOptions): PhoneCallResponse {
  const start = options.startedAt ?? T0;
  return {
    ...startedCall(options),
    call_status: 'ended',
    end_timestamp: start + 312_000,
    duration_ms: 312_000,
    disconnection_reason: options.disconnection_reason ?? 'agent_hangup',
    recording_url: `https://retell-recordings.example/${options.callId}.wav`,
    public_log_url: `https://retell-logs.example/${options.callId}.txt`,
    transcript: 'Agent: Hi John, this is Emma from TechCorp.\nUser: Hi Emma, yes I have a few minutes.',
    transcript_object: [
      {
        role: 'agent',
        content: 'Hi John, this is Emma from TechCorp.',
        words: [
          { word: 'Hi', start: 0.4, end: 0.6 },
          { word: 'John', start: 0.6, end: 0.9 },
        ],
      },
      { role: 'user', content: 'Hi Emma, yes I have a few minutes.', words: [{ word: 'Hi', start: 2.1, end: 2.3 }] },
    ],
    latency: { e2e: { p50: 820, p90: 1100, p99: 1500, max: 1700, min: 600, num: 14, values: [] } },
    call_cost: { combined_cost: 42, total_duration_seconds: 312, total_duration_unit_price: 0.1, product_costs: [] },
  } satisfies PhoneCallResponse;
}

/** `call_analyzed`: the full call with call_analysis and seed 002's custom analysis fields. */
export function analyzedCall(options: CallOptions): PhoneCallResponse {
  return {
    ...endedCall(options),
    call_analysis: {
      call_summary: 'Screened John for the Senior Python Developer role; interview booked.',
      user_sentiment: 'Positive',
      call_successful: true,
      in_voicemail: options.in_voicemail ?? false,
      custom_analysis_data: options.custom ?? {
        interview_scheduled: true,
        // Twelve days after T0, a Wednesday at 3 PM Eastern (EST): a time the call can book.
        scheduled_date: '2025-12-03',
        scheduled_time: '3:00 PM',
        scheduled_timezone: 'Eastern Time (ET)',
        scheduled_datetime_iso: '2025-12-03T15:00:00-05:00',
        candidate_timezone: 'Eastern Time',
        is_qualified_candidate: true,
        candidate_interest_level: 'High',
        years_of_experience: 5,
        salary_expectation: 120000,
        technical_skills_mentioned: 'Python, Django, AWS',
        questions_asked: ['What is the team size?'],
        outcome: 'Interview Scheduled',
      },
    },
  } satisfies PhoneCallResponse;
}

/** A webhook body and its `x-retell-signature`, signed with `Retell.sign` exactly as Retell signs. */
export async function signedWebhook(
  event: string,
  call: object,
  apiKey: string,
): Promise<{ body: string; signature: string }> {
  const body = JSON.stringify({ event, call });
  return { body, signature: await Retell.sign(body, apiKey) };
}
