import { Module } from '@nestjs/common';
import { CallDataService } from '../calls/call-data.service.js';
import { EventStore } from './event-store.js';
import { WebhookIngestionService } from './webhook-ingestion.service.js';

/** The ingestion core shared by the webhook, the manual save and the sync: event log, mapper, rules. */
@Module({
  providers: [EventStore, CallDataService, WebhookIngestionService],
  exports: [WebhookIngestionService, CallDataService],
})
export class IngestionModule {}
