import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { DecimalInteger, MAX_INTEGER_ID } from '../../common/decimal-integer.js';
import { PageQuery } from '../../common/paging.js';
import { INTERVIEW_STATUSES, type InterviewStatus } from '../../database/entities/interview.entity.js';

/** Filters and paging of `GET /api/interviews`. */
export class ListInterviewsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'starts at or after; default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'starts before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: INTERVIEW_STATUSES })
  @IsOptional()
  @IsIn(INTERVIEW_STATUSES)
  status?: InterviewStatus;

  @ApiPropertyOptional({ type: 'integer', example: 199 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_INTEGER_ID)
  candidate_id?: number;
}
