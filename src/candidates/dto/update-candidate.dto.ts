import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../candidate-status.js';
import { CreateCandidateDto } from './create-candidate.dto.js';

/** A profile update. `status` is the recruiter's decision (e.g. `hired`); `retell_*` fields are refused. */
export class UpdateCandidateDto extends PartialType(CreateCandidateDto) {
  @ApiPropertyOptional({ enum: CANDIDATE_STATUSES })
  @IsOptional()
  @IsIn(CANDIDATE_STATUSES)
  status?: CandidateStatus;
}
