import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
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
  IsUrl,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CALL_TYPES, RETELL_CALL_STATUSES, USER_SENTIMENTS, UTTERANCE_ROLES } from '../retell-call-object.js';
import { IsTranscript } from './is-transcript.decorator.js';

/** An `https:` URL: recordings and logs are linked and played by the console, so no other scheme is stored. */
const HttpsUrl = (): PropertyDecorator =>
  IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: false },
    { message: '$property must be an https: URL' },
  );

/** One word of an utterance with its timing (retell-sdk `PhoneCallResponse.TranscriptObject.Word`). */
@ApiSchema({ name: 'TranscriptWord' })
export class TranscriptWordDto {
  @ApiPropertyOptional({ example: 'Hello,', description: 'the word, with punctuation' })
  word?: string;

  @ApiPropertyOptional({ example: 0.42, description: 'seconds from the start of the call audio (approximate)' })
  start?: number;

  @ApiPropertyOptional({ example: 0.81, description: 'seconds from the start of the call audio (approximate)' })
  end?: number;
}

/** One utterance of `transcript_object` (retell-sdk `PhoneCallResponse.TranscriptObject`). */
@ApiSchema({ name: 'Utterance' })
export class UtteranceDto {
  @ApiProperty({ enum: UTTERANCE_ROLES, enumName: 'UtteranceRole', example: 'agent' })
  role: (typeof UTTERANCE_ROLES)[number];

  @ApiProperty({ example: 'Hello, this is Emma from TechCorp. How are you today?' })
  content: string;

  @ApiProperty({ type: () => [TranscriptWordDto], description: 'may be empty' })
  words: TranscriptWordDto[];
}

/** `call_analysis` of a Retell call object (retell-sdk `PhoneCallResponse.CallAnalysis`). */
export class CallAnalysisDto {
  @ApiPropertyOptional({ example: 'Conducted phone screening for Senior Python Developer.' })
  @IsOptional()
  @IsString()
  call_summary?: string;

  @ApiPropertyOptional({ enum: USER_SENTIMENTS, enumName: 'UserSentiment', example: 'Positive' })
  @IsOptional()
  @IsIn(USER_SENTIMENTS)
  user_sentiment?: (typeof USER_SENTIMENTS)[number];

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

  @ApiPropertyOptional({ enum: RETELL_CALL_STATUSES, enumName: 'RetellCallStatus', example: 'ended' })
  @IsOptional()
  @IsIn(RETELL_CALL_STATUSES)
  call_status?: (typeof RETELL_CALL_STATUSES)[number];

  @ApiPropertyOptional({ enum: CALL_TYPES, enumName: 'CallType', example: 'phone_call' })
  @IsOptional()
  @IsIn(CALL_TYPES)
  call_type?: (typeof CALL_TYPES)[number];

  @ApiPropertyOptional() @IsOptional() @IsString() agent_id?: string;
  @ApiPropertyOptional({ type: 'integer' }) @IsOptional() @IsInt() agent_version?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() agent_name?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() agent_tag?: string | null;
  @ApiPropertyOptional({ enum: ['inbound', 'outbound'], enumName: 'CallDirection', description: 'phone calls only' })
  @IsOptional()
  @IsIn(['inbound', 'outbound'])
  direction?: 'inbound' | 'outbound';
  @ApiPropertyOptional({ description: 'E.164' }) @IsOptional() @IsString() from_number?: string;
  @ApiPropertyOptional({ description: 'E.164' }) @IsOptional() @IsString() to_number?: string;
  @ApiPropertyOptional({ description: 'web calls only' }) @IsOptional() @IsString() access_token?: string;

  @ApiPropertyOptional({
    example: 'https://retell-recordings.s3.amazonaws.com/call_abc123xyz789.mp3',
    description: 'https: only',
  })
  @IsOptional()
  @IsString()
  @HttpsUrl()
  recording_url?: string;

  @ApiPropertyOptional({ description: 'https: only' })
  @IsOptional()
  @IsString()
  @HttpsUrl()
  recording_multi_channel_url?: string;
  @ApiPropertyOptional({ description: 'https: only' })
  @IsOptional()
  @IsString()
  @HttpsUrl()
  scrubbed_recording_url?: string;
  @ApiPropertyOptional({ description: 'https: only' })
  @IsOptional()
  @IsString()
  @HttpsUrl()
  scrubbed_recording_multi_channel_url?: string;
  @ApiPropertyOptional({ description: 'https: only' }) @IsOptional() @IsString() @HttpsUrl() public_log_url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() knowledge_base_retrieved_contents_url?: string;

  @ApiPropertyOptional({ example: 'Agent: Hello, this is Emma from TechCorp...' })
  @IsOptional()
  @IsString()
  transcript?: string;

  @ApiPropertyOptional({ type: () => [UtteranceDto], description: 'the utterances, with word timings' })
  @IsOptional()
  @IsTranscript()
  transcript_object?: UtteranceDto[];

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

  @ApiPropertyOptional({ type: 'integer', minimum: 0, example: 600000, description: 'milliseconds' })
  @IsOptional()
  @IsInt()
  @Min(0)
  duration_ms?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    example: 1704067200000,
    description: 'epoch milliseconds',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  start_timestamp?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    example: 1704067800000,
    description: 'epoch milliseconds',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  end_timestamp?: number;

  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'epoch milliseconds' })
  @IsOptional()
  @IsInt()
  transfer_end_timestamp?: number;
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
