import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsTimeZone, Matches, Max, Min } from 'class-validator';
import { INSTANT_WITH_OFFSET } from '../../common/instant.js';

/** `POST /api/candidates/{id}/interviews`: a recruiter books an interview. */
export class BookInterviewDto {
  @ApiProperty({ example: '2025-10-08T15:00:00-04:00', description: 'ISO 8601 instant with an offset (or Z)' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT_WITH_OFFSET, { message: 'starts_at must carry an offset such as -04:00 or Z' })
  starts_at: string;

  @ApiProperty({ example: 'America/New_York', description: 'IANA zone the time was agreed in' })
  @IsTimeZone()
  timezone: string;

  @ApiPropertyOptional({
    example: 45,
    minimum: 5,
    maximum: 1440,
    description: 'minutes; default INTERVIEW_DURATION_MINUTES',
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(1440)
  duration_minutes?: number;
}
