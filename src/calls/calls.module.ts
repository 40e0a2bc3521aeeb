import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module.js';
import { RetellModule } from '../retell/retell.module.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';
import { Reconciler } from './reconciler.service.js';

/** Dialling candidates through Retell, the call history, syncs and the reconciliation sweep. */
@Module({
  imports: [RetellModule, IngestionModule],
  controllers: [CallsController],
  providers: [CallsService, Reconciler],
  exports: [Reconciler],
})
export class CallsModule {}
