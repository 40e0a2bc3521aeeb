import { ApiProperty } from '@nestjs/swagger';
import { EVENT_OUTCOMES, type EventOutcome } from '../../database/entities/retell-webhook-event.entity.js';

/** The webhook's answer: what became of the delivery. */
export class IngestResultDto {
  @ApiProperty({ type: Number, nullable: true, description: 'null for a duplicate delivery' })
  event_id: number | null;

  @ApiProperty({ enum: EVENT_OUTCOMES })
  outcome: EventOutcome;

  @ApiProperty({ type: Number, nullable: true })
  candidate_id: number | null;
}
