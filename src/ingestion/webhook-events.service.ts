import { Injectable } from '@nestjs/common';
import { RetellWebhookEventsRepository } from '../database/repositories/retell-webhook-events.repository.js';
import { toEventSummary, type EventPageDto } from './dto/event-page.dto.js';
import type { ListEventsQuery } from './dto/list-events.query.js';

/** Reads the event log for recruiters: what arrived, and what became of it. */
@Injectable()
export class WebhookEventsService {
  constructor(private readonly events: RetellWebhookEventsRepository) {}

  /** Newest first, without payloads; filtered on `outcome` and `call_id`, paged by id. */
  async list(query: ListEventsQuery): Promise<EventPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.events.list({
      outcome: query.outcome,
      callId: query.call_id,
      before: query.cursor ? Number(query.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toEventSummary);
    return { items, next_cursor: rows.length > limit ? String(items[items.length - 1].id) : null };
  }
}
