import { ApiProperty } from '@nestjs/swagger';
import { CandidateView } from '../../ingestion/dto/candidate.view.js';

export class CandidatePageDto {
  @ApiProperty({ type: () => [CandidateView] })
  items: CandidateView[];

  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last page' })
  next_cursor: string | null;
}
