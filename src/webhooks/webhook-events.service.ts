import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type FindOptionsWhere, LessThan } from 'typeorm';
import type { EventPageDto } from './dto/event-page.dto.js';
import type { ListEventsQuery } from './dto/list-events.query.js';
import { RetellWebhookEvent } from './retell-webhook-event.entity.js';

/** Reads the event log for recruiters: what arrived, and what became of it. */
@Injectable()
export class WebhookEventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, without payloads; filtered on `outcome` and `call_id`, paged by id. */
  async list(query: ListEventsQuery): Promise<EventPageDto> {
    const limit = query.limit ?? 50;
    const where: FindOptionsWhere<RetellWebhookEvent> = {
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.call_id ? { call_id: query.call_id } : {}),
      ...(query.cursor ? { id: LessThan(Number(query.cursor)) } : {}),
    };
    const rows = await this.dataSource.getRepository(RetellWebhookEvent).find({
      select: {
        id: true,
        event: true,
        call_id: true,
        body_hash: true,
        outcome: true,
        error: true,
        candidate_id: true,
        duplicate_of: true,
        received_at: true,
      },
      where,
      order: { id: 'DESC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items, next_cursor: rows.length > limit ? String(items[items.length - 1].id) : null };
  }
}
