import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { EventStore } from './event-store.js';
import { RetellSignatureGuard } from './retell-signature.guard.js';
import { WebhookIngestionService } from './webhook-ingestion.service.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [CallsModule],
  controllers: [WebhooksController],
  providers: [EventStore, WebhookIngestionService, RetellSignatureGuard],
  exports: [WebhookIngestionService],
})
export class WebhooksModule {}
