import { Module } from '@nestjs/common';
import { RetellModule } from '../retell/retell.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ViewsModule } from '../views/views.module.js';
import { CallApplier } from './call-applier.service.js';
import { CallDataSaveController } from './call-data-save.controller.js';
import { CallDataSaveService } from './call-data-save.service.js';
import { IngestionService } from './ingestion.service.js';
import { PayloadRetention } from './payload-retention.service.js';
import { WebhookEventsController } from './webhook-events.controller.js';
import { WebhookEventsService } from './webhook-events.service.js';
import { WebhooksController } from './webhooks.controller.js';

/**
 * The one pipeline that applies Retell call data: the webhook, the manual save, the event log and
 * replay, and the service the calls module uses for syncs. Everything goes through the event log
 * and the applier. Also the retention of stored payloads, which the sweep runs.
 */
@Module({
  imports: [RetellModule, SchedulingModule, ViewsModule],
  controllers: [WebhooksController, WebhookEventsController, CallDataSaveController],
  providers: [
    CallApplier,
    IngestionService,
    CallDataSaveService,
    WebhookEventsService,
    PayloadRetention,
  ],
  exports: [IngestionService, PayloadRetention],
})
export class IngestionModule {}
