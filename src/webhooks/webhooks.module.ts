import { Module } from '@nestjs/common';
import { IngestionModule } from './ingestion.module.js';
import { RetellSignatureGuard } from './retell-signature.guard.js';
import { WebhookEventsController } from './webhook-events.controller.js';
import { WebhookEventsService } from './webhook-events.service.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [IngestionModule],
  controllers: [WebhooksController, WebhookEventsController],
  providers: [RetellSignatureGuard, WebhookEventsService],
})
export class WebhooksModule {}
