import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CandidateView } from '../../views/candidate.view.js';

/** Query of the manual save. */
export class SaveCallDataQuery {
  @ApiPropertyOptional({
    type: Boolean,
    description:
      'Move the call onto this candidate when it belongs to another one (whose mirror then falls back to its own latest call). Without it, such a save is 409 call_belongs_to_another_candidate.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'reassign must be true or false' })
  reassign?: boolean;
}

/** The answer of the manual save (seed 002). */
export class SaveCallDataResultDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success: true;

  @ApiProperty({ example: 'Retell call data saved successfully' })
  message: string;

  @ApiProperty({ type: () => CandidateView })
  candidate: CandidateView;
}
