import { ApiProperty } from '@nestjs/swagger';
import { EVENT_OUTCOMES, type EventOutcome } from '../../database/entities/retell-webhook-event.entity.js';

/** The webhook's answer: what became of the delivery. */
export class IngestResultDto {
  @ApiProperty({ type: 'integer', format: 'int64', nullable: true, description: 'null for a duplicate delivery' })
  event_id: number | null;

  @ApiProperty({
    enum: EVENT_OUTCOMES,
    enumName: 'EventOutcome',
    description: 'what became of the event: applied, duplicate, ignored, orphaned or failed',
  })
  outcome: EventOutcome;

  @ApiProperty({ type: 'integer', nullable: true, description: 'the candidate the call was applied to, if any' })
  candidate_id: number | null;
}
