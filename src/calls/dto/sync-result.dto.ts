import { ApiProperty } from '@nestjs/swagger';
import { EVENT_OUTCOMES } from '../../database/entities/retell-webhook-event.entity.js';
import { CallView } from './call-view.dto.js';

export class SyncResultDto {
  @ApiProperty({ enum: EVENT_OUTCOMES, enumName: 'EventOutcome', description: 'what became of the sync event' })
  outcome: string;

  @ApiProperty({ type: () => CallView, nullable: true })
  call: CallView | null;
}
