import { ApiProperty } from '@nestjs/swagger';
import { Candidate } from '../candidate.entity.js';

export class CandidatePageDto {
  @ApiProperty({ type: () => [Candidate] })
  items: Candidate[];

  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last page' })
  next_cursor: string | null;
}

export class SaveCallDataResultDto {
  @ApiProperty({ example: true })
  success: true;

  @ApiProperty({ example: 'Retell call data saved successfully' })
  message: string;

  @ApiProperty({ type: () => Candidate })
  candidate: Candidate;
}
