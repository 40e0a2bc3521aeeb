import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { CHANGE_KINDS, type Change, type ChangeKind } from '../../common/change-feed.js';

/** One committed change, as the `changes` event of the stream carries it: ids only. */
@ApiSchema({ name: 'Change' })
export class ChangeDto implements Change {
  @ApiProperty({ enum: CHANGE_KINDS, enumName: 'ChangeKind', example: 'call' })
  kind: ChangeKind;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 'call_abc123xyz789',
    description:
      "the record's id: a call's Retell call_id (its attempt row's id before Retell gave one), a webhook event's id, else the row's id",
  })
  id: number | string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 199,
    description: 'the candidate it concerns (a candidate change: its own id)',
  })
  candidate_id?: number;
}
