import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/paging.js';
import { CandidateView } from '../../views/candidate.view.js';
import { TOTAL_CAP, type CandidatePage } from '../candidates.service.js';

export class CandidatePageDto extends PageOf(CandidateView, 'CandidatePageDto') implements CandidatePage {
  @ApiProperty({
    type: 'integer',
    example: 42,
    description: `candidates matching the filters (on every page, whatever the cursor), counted up to ${TOTAL_CAP}`,
  })
  total: number;

  @ApiProperty({ example: false, description: `true when more than ${TOTAL_CAP} match: total is then a lower bound` })
  total_capped: boolean;
}
