import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsTimeZone, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { AbsentOrValid } from '../../common/optional.decorator.js';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../database/entities/candidate-status.js';
import { trim } from './create-candidate.dto.js';

/**
 * A profile update. `status` is the recruiter's decision (e.g. `hired`); `retell_*` fields are
 * refused. `position`, `company` and `timezone` may be set to null to clear them; the other
 * fields may be left out but never nulled.
 */
export class UpdateCandidateDto {
  @ApiPropertyOptional({ example: 'John' })
  @AbsentOrValid()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  first_name?: string;

  @ApiPropertyOptional({ example: 'Doe' })
  @AbsentOrValid()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  last_name?: string;

  @ApiPropertyOptional({ example: 'john.doe@example.com' })
  @AbsentOrValid()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    example: '+14155550199',
    description: "E.164, or national in the country of the candidate's time zone (else DEFAULT_PHONE_REGION)",
  })
  @AbsentOrValid()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Senior Python Developer' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  position?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'TechCorp' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  company?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'America/New_York', description: 'IANA time zone' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string | null;

  @ApiPropertyOptional({ example: true, description: 'never call this candidate' })
  @AbsentOrValid()
  @IsBoolean()
  do_not_call?: boolean;

  @ApiPropertyOptional({
    enum: CANDIDATE_STATUSES,
    enumName: 'CandidateStatus',
    description: "the recruiter's decision",
  })
  @AbsentOrValid()
  @IsIn(CANDIDATE_STATUSES)
  status?: CandidateStatus;
}
