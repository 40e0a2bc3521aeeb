import { ApiProperty, OmitType } from '@nestjs/swagger';
import { RetellWebhookEvent } from '../retell-webhook-event.entity.js';

/** A stored event without its payload (which can run to megabytes). */
export class EventSummaryDto extends OmitType(RetellWebhookEvent, ['payload'] as const) {}

export class EventPageDto {
  @ApiProperty({ type: () => [EventSummaryDto] })
  items: EventSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  next_cursor: string | null;
}
