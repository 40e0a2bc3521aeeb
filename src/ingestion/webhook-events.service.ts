import { Injectable } from '@nestjs/common';
import { decodeCursor, pageSize, toPage } from '../common/paging.js';
import { RetellWebhookEventsRepository } from '../database/repositories/retell-webhook-events.repository.js';
import { toEventSummary, type EventPageDto } from './dto/event-page.dto.js';
import type { ListEventsQuery } from './dto/list-events.query.js';

/** Reads the event log for recruiters: what arrived, and what became of it. */
@Injectable()
export class WebhookEventsService {
  constructor(private readonly events: RetellWebhookEventsRepository) {}

  /** Newest first, without payloads; filtered on `outcome` and `call_id`, paged by id. @throws BadRequestException → 400 naming `cursor` when it is forged */
  async list(query: ListEventsQuery): Promise<EventPageDto> {
    const limit = pageSize(query);
    const rows = await this.events.list({
      outcome: query.outcome,
      callId: query.call_id,
      before: query.cursor ? decodeCursor(query.cursor, ['id'] as const)[0] : undefined,
      limit: limit + 1,
    });
    return toPage(rows, limit, (row) => [row.id], toEventSummary);
  }
}
