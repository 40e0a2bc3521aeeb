import { Module } from '@nestjs/common';
import { DialingModule } from '../dialing/dialing.module.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';
import { Reconciler } from './reconciler.service.js';

/** Dialling candidates through Retell, the call history, syncs and the reconciliation sweep. */
@Module({
  imports: [DialingModule],
  controllers: [CallsController],
  providers: [CallsService, Reconciler],
  exports: [Reconciler],
})
export class CallsModule {}
