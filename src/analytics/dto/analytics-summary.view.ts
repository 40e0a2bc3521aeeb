import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { CANDIDATE_STATUSES } from '../../database/entities/candidate-status.js';

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

/** Calls in range by what they came to; every call that reached Retell is in exactly one of the first five. */
@ApiSchema({ name: 'AnalyticsCalls' })
export class AnalyticsCalls {
  @ApiProperty({
    type: 'integer',
    description: 'call records that reached Retell (every call except refused_by_retell)',
  })
  placed: number;

  @ApiProperty({ type: 'integer', description: 'ended, not voicemail, not a dial failure' })
  connected: number;

  @ApiProperty({ type: 'integer', description: 'ended in voicemail (in_voicemail, or voicemail_reached)' })
  voicemail: number;

  @ApiProperty({ type: 'integer', description: 'not_connected status, or a dial-failure disconnection_reason' })
  not_connected: number;

  @ApiProperty({ type: 'integer', description: 'error status' })
  error: number;

  @ApiProperty({ type: 'integer', description: 'still dialing, registered or ongoing' })
  in_progress: number;

  @ApiProperty({ type: 'integer', description: 'attempts Retell refused (failed)' })
  refused_by_retell: number;
}

/** Rates in [0, 1]; null when the denominator is zero. */
@ApiSchema({ name: 'AnalyticsRates' })
export class AnalyticsRates {
  @ApiProperty({ type: Number, nullable: true, example: 0.42, description: 'connected ÷ (placed − in_progress)' })
  pickup: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.3, description: 'voicemail ÷ (placed − in_progress)' })
  voicemail: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.25,
    description: 'connected calls with interview_scheduled: true ÷ connected',
  })
  interview_scheduled: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.6,
    description: 'connected calls with call_successful: true ÷ connected',
  })
  success: number | null;
}

/** Durations of connected calls, in milliseconds (Retell's `duration_ms`). */
@ApiSchema({ name: 'AnalyticsDurations' })
export class AnalyticsDurations {
  @ApiProperty({ type: 'integer', example: 1_860_000 })
  total: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 186_000, description: 'mean, rounded' })
  avg: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 170_000, description: 'nearest rank' })
  p50: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 290_000, description: 'nearest rank' })
  p90: number | null;
}

/** Cost in cents, from Retell's `call_cost.combined_cost`, rounded to 0.01. */
@ApiSchema({ name: 'AnalyticsCost' })
export class AnalyticsCost {
  @ApiProperty({ example: 1234.5, description: 'over every placed call' })
  total_cents: number;

  @ApiProperty({ type: Number, nullable: true, example: 45.72, description: 'total ÷ connected' })
  per_connected_call_cents: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 205.75, description: 'total ÷ interviews booked' })
  per_interview_cents: number | null;
}

/** Interviews booked in a weekday × hour slot. */
@ApiSchema({ name: 'AnalyticsInterviewSlot' })
export class AnalyticsInterviewSlot {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1' })
  weekday: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 23 })
  hour: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  count: number;
}

@ApiSchema({ name: 'AnalyticsInterviews' })
export class AnalyticsInterviews {
  @ApiProperty({ type: 'integer', description: 'connected calls in range that booked an interview' })
  scheduled: number;

  @ApiProperty({
    type: [AnalyticsInterviewSlot],
    description:
      'the interviews those calls booked, by local weekday and hour in the zone agreed; a vague time books none',
  })
  by_weekday_hour: AnalyticsInterviewSlot[];
}

/** `GET /api/analytics/summary`. */
@ApiSchema({ name: 'AnalyticsSummary' })
export class AnalyticsSummary {
  @ApiProperty({ type: String, format: 'date-time' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'excluded' })
  to: string;

  @ApiProperty({ type: AnalyticsCalls })
  calls: AnalyticsCalls;

  @ApiProperty({ type: AnalyticsRates })
  rates: AnalyticsRates;

  @ApiProperty({ type: AnalyticsDurations })
  duration_ms: AnalyticsDurations;

  @ApiProperty({ type: AnalyticsCost })
  cost: AnalyticsCost;

  @ApiProperty({
    ...COUNTS,
    example: { 'Interview Scheduled': 3, unknown: 1 },
    description: 'analysed calls by custom analysis outcome',
  })
  outcomes: Record<string, number>;

  @ApiProperty({ ...COUNTS, example: { High: 2 }, description: 'analysed calls by candidate_interest_level' })
  interest_levels: Record<string, number>;

  @ApiProperty({ ...COUNTS, example: { Positive: 4 }, description: 'analysed calls by user_sentiment' })
  sentiment: Record<string, number>;

  @ApiProperty({ ...COUNTS, example: { agent_hangup: 3 }, description: 'analysed calls by disconnection_reason' })
  disconnection_reasons: Record<string, number>;

  @ApiProperty({ type: AnalyticsInterviews })
  interviews: AnalyticsInterviews;

  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(CANDIDATE_STATUSES.map((status) => [status, { type: 'integer' }])),
    required: [...CANDIDATE_STATUSES],
    description: 'every candidate by current status, now (the pipeline; not limited by range or filters)',
  })
  candidates_by_status: Record<string, number>;
}

/** One bucket of a series; `start` is local midnight in `tz`. */
@ApiSchema({ name: 'AnalyticsBucket' })
export class AnalyticsBucket {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-02T00:00:00.000-05:00' })
  start: string;

  @ApiProperty({ type: 'integer' })
  placed: number;

  @ApiProperty({ type: 'integer' })
  connected: number;

  @ApiProperty({ type: 'integer' })
  voicemail: number;

  @ApiProperty({ type: 'integer' })
  interviews_scheduled: number;

  @ApiProperty({ example: 84.5 })
  cost_cents: number;
}

/** `GET /api/analytics/timeseries`. */
@ApiSchema({ name: 'AnalyticsTimeseries' })
export class AnalyticsTimeseries {
  @ApiProperty({ type: String, format: 'date-time', description: 'start of the first bucket' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'end of the last bucket (excluded)' })
  to: string;

  @ApiProperty({ enum: ['day', 'week'] })
  bucket: string;

  @ApiProperty({ example: 'America/New_York' })
  tz: string;

  @ApiProperty({ type: [AnalyticsBucket], description: 'every bucket, empty ones as zeros' })
  buckets: AnalyticsBucket[];
}
