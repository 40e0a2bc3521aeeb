import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsTimeZone, Matches, Max, Min } from 'class-validator';
import { INSTANT_WITH_OFFSET } from '../../common/instant.js';
import { AbsentOrValid } from '../../common/optional.decorator.js';

/** `PATCH /api/interviews/{id}`: move, lengthen, re-zone or cancel an interview. Each field may be absent, never null. */
export class UpdateInterviewDto {
  @ApiPropertyOptional({ example: '2025-10-09T10:00:00-04:00', description: 'ISO 8601 instant with an offset (or Z)' })
  @AbsentOrValid()
  @IsISO8601({ strict: true })
  @Matches(INSTANT_WITH_OFFSET, { message: 'starts_at must carry an offset such as -04:00 or Z' })
  starts_at?: string;

  @ApiPropertyOptional({ example: 60, minimum: 5, maximum: 1440 })
  @AbsentOrValid()
  @IsInt()
  @Min(5)
  @Max(1440)
  duration_minutes?: number;

  @ApiPropertyOptional({ example: 'America/Chicago', description: 'IANA zone' })
  @AbsentOrValid()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: ['cancelled'], description: 'cancel the interview (a cancelled one cannot be changed)' })
  @AbsentOrValid()
  @IsIn(['cancelled'])
  status?: 'cancelled';
}
