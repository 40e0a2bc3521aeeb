import { ApiProperty } from '@nestjs/swagger';
import type { RetellCall } from '../../database/entities/retell-call.entity.js';
import { UtteranceDto } from '../../retell/dto/retell-call.dto.js';
import { CALL_STATUSES, USER_SENTIMENTS } from '../../retell/retell-call-object.js';

/**
 * One call as recruiters see it: status, outcome, summary, interest, recording and transcript (from
 * the stored Retell call object). Timestamps ending in `_timestamp` are epoch milliseconds from Retell.
 */
export class CallView {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'call_abc123xyz789',
    description: 'null until Retell accepted the call',
  })
  call_id: string | null;

  @ApiProperty({ type: 'integer', example: 199 })
  candidate_id: number;

  @ApiProperty({
    enum: CALL_STATUSES,
    enumName: 'CallStatus',
    example: 'registered',
    description: "dialing and failed are the service's own (before Retell knows the call); the others are Retell's",
  })
  call_status: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 1,
    description: 'the nth call this service placed to the candidate; null for a call it did not place',
  })
  attempt: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'dial_no_answer' })
  disconnection_reason: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 600000, description: 'milliseconds' })
  duration_ms: number | null;

  @ApiProperty({ type: 'integer', format: 'int64', nullable: true, description: 'epoch milliseconds, from Retell' })
  start_timestamp: number | null;

  @ApiProperty({ type: 'integer', format: 'int64', nullable: true, description: 'epoch milliseconds, from Retell' })
  end_timestamp: number | null;

  @ApiProperty({ type: String, nullable: true })
  call_summary: string | null;

  @ApiProperty({ type: 'string', enum: [...USER_SENTIMENTS, null], nullable: true, example: 'Positive' })
  user_sentiment: string | null;

  @ApiProperty({ type: Boolean, nullable: true })
  call_successful: boolean | null;

  @ApiProperty({ type: Boolean, nullable: true })
  in_voicemail: boolean | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Interview Scheduled',
    description:
      "the agent's outcome selector (custom analysis `outcome`), in the option's spelling when it matches one",
  })
  call_outcome: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'High',
    description: "the agent's `candidate_interest_level` selector, in the option's spelling when it matches one",
  })
  interest_level: string | null;

  @ApiProperty({ type: String, nullable: true, description: "Retell's recording URL (expires on Retell's side)" })
  recording_url: string | null;

  @ApiProperty({
    type: () => [UtteranceDto],
    nullable: true,
    description: 'the conversation, agent and candidate turns in order, as Retell sent them',
  })
  transcript_object: unknown[] | null;

  @ApiProperty({ type: String, nullable: true })
  agent_id: string | null;

  @ApiProperty({ type: String, nullable: true })
  job_id: string | null;

  @ApiProperty({ type: String, nullable: true })
  recruiter: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'why placing the call failed' })
  dial_error: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The view of a call record. */
export function toCallView(call: RetellCall): CallView {
  const analysis = call.call_analysis ?? {};
  const raw: Record<string, unknown> = call.call ?? {};
  return {
    call_id: call.call_id,
    candidate_id: call.candidate_id,
    call_status: call.call_status,
    attempt: call.attempt,
    disconnection_reason: call.disconnection_reason,
    duration_ms: call.duration_ms,
    start_timestamp: call.start_timestamp,
    end_timestamp: call.end_timestamp,
    call_summary: text(analysis.call_summary),
    user_sentiment: call.user_sentiment,
    call_successful: call.call_successful,
    in_voicemail: call.in_voicemail,
    // The typed columns the applier writes (the mapper's parsing of the custom analysis).
    call_outcome: call.outcome,
    interest_level: call.interest_level,
    recording_url: text(raw.recording_url),
    transcript_object: Array.isArray(raw.transcript_object) ? raw.transcript_object : null,
    agent_id: call.agent_id,
    job_id: call.job_id,
    recruiter: call.recruiter,
    dial_error: call.dial_error,
    created_at: call.created_at,
    updated_at: call.updated_at,
  };
}
