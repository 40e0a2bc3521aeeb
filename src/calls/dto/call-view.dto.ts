import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RetellCall } from '../../database/entities/retell-call.entity.js';

/**
 * One call as recruiters see it: status, outcome and summary, without the transcript (read it on
 * the candidate). Timestamps ending in `_timestamp` are epoch milliseconds from Retell.
 */
export class CallView {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'call_abc123xyz789',
    description: 'null until Retell accepted the call',
  })
  call_id: string | null;

  @ApiProperty({ example: 199 })
  candidate_id: number;

  @ApiProperty({
    example: 'registered',
    description: 'dialing | failed | registered | ongoing | ended | error | not_connected',
  })
  call_status: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 1 })
  attempt: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'dial_no_answer' })
  disconnection_reason: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'milliseconds' })
  duration_ms: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  start_timestamp: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  end_timestamp: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  call_summary: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Positive' })
  user_sentiment: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  call_successful: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  in_voicemail: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  agent_id: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  job_id: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  recruiter: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'why placing the call failed' })
  dial_error: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/** The view of a call record. */
export function toCallView(call: RetellCall): CallView {
  const analysis = call.call_analysis ?? {};
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
    user_sentiment: text(analysis.user_sentiment),
    call_successful: flag(analysis.call_successful),
    in_voicemail: flag(analysis.in_voicemail),
    agent_id: call.agent_id,
    job_id: call.job_id,
    recruiter: call.recruiter,
    dial_error: call.dial_error,
    created_at: call.created_at,
    updated_at: call.updated_at,
  };
}
