import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import { CAMPAIGN_CANDIDATE_STATES, type CampaignCandidateState } from '../../database/entities/campaign-states.js';

/** `GET /api/campaigns/{id}/candidates`: in the order they were added or best screening answers first, optionally one state. */
export class ListCampaignCandidatesQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['added', 'rank'],
    default: 'added',
    description:
      'added: in the order they were added; rank: best screening answers first (qualified, then interest, then years of experience)',
  })
  @IsOptional()
  @IsIn(['added', 'rank'])
  sort?: 'added' | 'rank';

  @ApiPropertyOptional({ enum: CAMPAIGN_CANDIDATE_STATES })
  @IsOptional()
  @IsIn(CAMPAIGN_CANDIDATE_STATES)
  state?: CampaignCandidateState;
}
