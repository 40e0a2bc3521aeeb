import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsTimeZone, Matches, MaxLength } from 'class-validator';
import { INSTANT_WITH_OFFSET } from '../../common/instant.js';
import { NoNul } from '../../common/safe-text.decorator.js';
import { BUCKETS, type Bucket } from '../time-buckets.js';

/** Filters of `GET /api/analytics/summary`: the range (instants) and optional job, agent and recruiter. */
export class AnalyticsQuery {
  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00Z',
    description: 'ISO 8601 instant with an offset; default `to` minus 30 days',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(INSTANT_WITH_OFFSET, { message: 'from must carry an offset such as -05:00 or Z' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'ISO 8601 instant with an offset, excluded; default now',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(INSTANT_WITH_OFFSET, { message: 'to must carry an offset such as -05:00 or Z' })
  to?: string;

  @ApiPropertyOptional({ example: '45', description: 'calls placed for this job (`metadata.job_id`)' })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(200)
  job_id?: string;

  @ApiPropertyOptional({ example: 'agent_7d2f0c1e9b', description: 'calls made by this Retell agent' })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(200)
  agent_id?: string;

  @ApiPropertyOptional({
    example: 'Emma Johnson',
    description: 'calls placed for this recruiter (`metadata.recruiter`)',
  })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(200)
  recruiter?: string;
}

/** `GET /api/analytics/timeseries`: the summary's filters, a bucket size and the zone of local midnight. */
export class TimeseriesQuery extends AnalyticsQuery {
  @ApiPropertyOptional({ enum: BUCKETS, default: 'day' })
  @IsOptional()
  @IsIn(BUCKETS)
  bucket?: Bucket;

  @ApiPropertyOptional({
    example: 'America/Chicago',
    description: 'IANA zone of the buckets; default DEFAULT_TIMEZONE',
  })
  @IsOptional()
  @IsTimeZone()
  @Matches(/^[A-Za-z][\w+/-]*$/, { message: 'tz must be an IANA time zone such as America/Chicago' })
  tz?: string;
}
