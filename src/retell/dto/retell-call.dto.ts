import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const CALL_STATUSES = ['registered', 'not_connected', 'ongoing', 'ended', 'error'];

/** `call_analysis` of a Retell call object (retell-sdk `PhoneCallResponse.CallAnalysis`). */
export class CallAnalysisDto {
  @ApiPropertyOptional({ example: 'Conducted phone screening for Senior Python Developer.' })
  @IsOptional()
  @IsString()
  call_summary?: string;

  @ApiPropertyOptional({ example: 'Positive', description: 'Positive | Neutral | Negative | Unknown' })
  @IsOptional()
  @IsString()
  user_sentiment?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  call_successful?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  in_voicemail?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'LLM-extracted fields configured in the agent (see docs/retell-post-call-analysis.json); each is validated on its own, a wrong type becomes null',
    example: {
      interview_scheduled: true,
      scheduled_datetime_iso: '2025-10-08T15:00:00-04:00',
      outcome: 'Interview Scheduled',
    },
  })
  @IsOptional()
  @IsObject()
  custom_analysis_data?: Record<string, unknown>;
}

/**
 * A Retell call object: the shape of retell-sdk's `PhoneCallResponse` (or `WebCallResponse`).
 * The body of the manual save endpoint and the `call` of every webhook. Only `call_id` is required;
 * timestamps are epoch milliseconds, durations milliseconds.
 */
export class RetellCallDto {
  @ApiProperty({ example: 'call_abc123xyz789' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  call_id: string;

  @ApiPropertyOptional({ enum: CALL_STATUSES, example: 'ended' })
  @IsOptional()
  @IsIn(CALL_STATUSES)
  call_status?: string;

  @ApiPropertyOptional({ enum: ['phone_call', 'web_call'], example: 'phone_call' })
  @IsOptional()
  @IsIn(['phone_call', 'web_call'])
  call_type?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() agent_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() agent_version?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() agent_name?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() agent_tag?: string | null;
  @ApiPropertyOptional({ enum: ['inbound', 'outbound'] })
  @IsOptional()
  @IsIn(['inbound', 'outbound'])
  direction?: string;
  @ApiPropertyOptional({ description: 'E.164' }) @IsOptional() @IsString() from_number?: string;
  @ApiPropertyOptional({ description: 'E.164' }) @IsOptional() @IsString() to_number?: string;
  @ApiPropertyOptional({ description: 'web calls only' }) @IsOptional() @IsString() access_token?: string;

  @ApiPropertyOptional({ example: 'https://retell-recordings.s3.amazonaws.com/call_abc123xyz789.mp3' })
  @IsOptional()
  @IsString()
  recording_url?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() recording_multi_channel_url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() scrubbed_recording_url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() scrubbed_recording_multi_channel_url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() public_log_url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() knowledge_base_retrieved_contents_url?: string;

  @ApiPropertyOptional({ example: 'Agent: Hello, this is Emma from TechCorp...' })
  @IsOptional()
  @IsString()
  transcript?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'utterances: { role, content, words[] }',
  })
  @IsOptional()
  @IsArray()
  transcript_object?: unknown[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  transcript_with_tool_calls?: unknown[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  scrubbed_transcript_with_tool_calls?: unknown[];

  @ApiPropertyOptional({ type: () => CallAnalysisDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallAnalysisDto)
  call_analysis?: CallAnalysisDto;

  @ApiPropertyOptional({ example: 600000, description: 'milliseconds' })
  @IsOptional()
  @IsInt()
  @Min(0)
  duration_ms?: number;

  @ApiPropertyOptional({ example: 1704067200000, description: 'epoch milliseconds' })
  @IsOptional()
  @IsInt()
  @Min(0)
  start_timestamp?: number;

  @ApiPropertyOptional({ example: 1704067800000, description: 'epoch milliseconds' })
  @IsOptional()
  @IsInt()
  @Min(0)
  end_timestamp?: number;

  @ApiPropertyOptional({ description: 'epoch milliseconds' }) @IsOptional() @IsInt() transfer_end_timestamp?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() transfer_destination?: string | null;

  @ApiPropertyOptional({ example: 'user_hangup', description: "one of Retell's disconnection reasons" })
  @IsOptional()
  @IsString()
  disconnection_reason?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { candidate_id: '199', job_id: '45', recruiter: 'Emma Johnson' },
    description: 'set when the call was created; candidate_id (string or number) links the call to a candidate',
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  retell_llm_dynamic_variables?: Record<string, string>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  collected_dynamic_variables?: Record<string, string>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  custom_sip_headers?: Record<string, string>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() call_cost?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() latency?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  llm_token_usage?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  telephony_identifier?: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() data_storage_setting?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() opt_in_signed_url?: boolean;
}

/** The body Retell posts to the webhook: `{ event, call }`. Verified by signature, then stored raw. */
export class RetellWebhookDto {
  @ApiProperty({
    example: 'call_analyzed',
    description:
      'call_started | call_ended | call_analyzed are applied; transcript_updated, transfer_* and unknown types are stored as ignored',
  })
  event: string;

  @ApiProperty({ type: () => RetellCallDto })
  call: RetellCallDto;
}
