import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import { NoNul } from '../../common/safe-text.decorator.js';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../database/entities/candidate-status.js';
import { CANDIDATE_SORTS, type CandidateSort } from '../../database/repositories/candidates.repository.js';

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false };

/** Filters and paging of `GET /api/candidates`. */
export class ListCandidatesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CANDIDATE_STATUSES, enumName: 'CandidateStatus', description: 'exact status' })
  @IsOptional()
  @IsIn(CANDIDATE_STATUSES)
  status?: CandidateStatus;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (BOOLEAN_TEXT[value] ?? value) : value))
  @IsBoolean()
  retell_interview_scheduled?: boolean;

  @ApiPropertyOptional({ example: 'Interview Scheduled', description: 'exact match' })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(100)
  retell_call_outcome?: string;

  @ApiPropertyOptional({ example: 'High', description: 'exact match' })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(100)
  retell_interest_level?: string;

  @ApiPropertyOptional({
    description:
      'matches the start of the first name, last name, full name ("first last") or e-mail, case-insensitively',
  })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-01-01T00:00:00Z',
    description: 'only candidates updated after this instant (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  updated_after?: string;

  @ApiPropertyOptional({
    enum: CANDIDATE_SORTS,
    default: 'updated_at',
    description: 'updated_at (then id), created_at (by id) or name (last name, first name, then id)',
  })
  @IsOptional()
  @IsIn(CANDIDATE_SORTS)
  sort?: CandidateSort;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    description: 'default: desc for updated_at and created_at (newest first), asc for name (A to Z)',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
