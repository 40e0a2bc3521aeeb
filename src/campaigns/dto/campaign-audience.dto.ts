import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  MaxLength,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_INTEGER_ID } from '../../common/decimal-integer.js';
import { AbsentOrValid } from '../../common/optional.decorator.js';
import { NoNul } from '../../common/safe-text.decorator.js';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../database/entities/candidate-status.js';

/** The most candidates one request adds (ids, or matches of a filter). */
export const MAX_AUDIENCE = 10_000;

/** "Everyone matching": the candidate list's filters. */
export class CandidateFilterDto {
  @ApiPropertyOptional({ enum: CANDIDATE_STATUSES, example: 'new' })
  @AbsentOrValid()
  @IsIn(CANDIDATE_STATUSES)
  status?: CandidateStatus;

  @ApiPropertyOptional({
    example: 'Senior Backend Engineer',
    description: 'the position applied for (whole text, any case)',
  })
  @AbsentOrValid()
  @IsString()
  @IsNotEmpty()
  @NoNul()
  @MaxLength(200)
  position?: string;
}

/** Who a campaign calls: explicit candidate ids, everyone matching a filter, or both. */
export class CampaignAudienceDto {
  @ApiPropertyOptional({ type: 'integer', isArray: true, minimum: 1, maximum: MAX_INTEGER_ID, example: [12, 13], maxItems: MAX_AUDIENCE })
  @AbsentOrValid()
  @ArrayMaxSize(MAX_AUDIENCE)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INTEGER_ID, { each: true })
  candidate_ids?: number[];

  @ApiPropertyOptional({
    type: () => CandidateFilterDto,
    description: `adds every candidate matching (at most ${MAX_AUDIENCE})`,
  })
  @AbsentOrValid()
  @ValidateNested()
  @Type(() => CandidateFilterDto)
  filter?: CandidateFilterDto;
}
