import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/paging.js';
import {
  EVENT_OUTCOMES,
  type EventOutcome,
  type RetellWebhookEvent,
} from '../../database/entities/retell-webhook-event.entity.js';

/** A stored event without its payload (which can run to megabytes). */
export class EventSummaryDto {
  @ApiProperty({ type: 'integer', format: 'int64' })
  id: number;

  @ApiProperty({ example: 'call_analyzed', description: "Retell's event type, or manual | sync" })
  event: string;

  @ApiProperty({ example: 'call_abc123xyz789' })
  call_id: string;

  @ApiProperty({ description: 'SHA-256 (hex) of the raw body' })
  body_hash: string;

  @ApiProperty({ enum: EVENT_OUTCOMES, enumName: 'EventOutcome', description: 'what became of the event' })
  outcome: EventOutcome;

  @ApiProperty({ type: String, nullable: true, description: 'why applying failed' })
  error: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  candidate_id: number | null;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description: 'id of the first delivery of the same body',
  })
  duplicate_of: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  received_at: Date;
}

/** The view of a stored event, without its payload. */
export function toEventSummary(row: Omit<RetellWebhookEvent, 'payload'>): EventSummaryDto {
  return {
    id: row.id,
    event: row.event,
    call_id: row.call_id,
    body_hash: row.body_hash,
    outcome: row.outcome,
    error: row.error,
    candidate_id: row.candidate_id,
    duplicate_of: row.duplicate_of,
    received_at: row.received_at,
  };
}

export class EventPageDto extends PageOf(EventSummaryDto, 'EventPageDto') {}
