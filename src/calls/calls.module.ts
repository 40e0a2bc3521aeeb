import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IngestionModule } from '../webhooks/ingestion.module.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';
import { Reconciler } from './reconciler.service.js';
import { RetellCall } from './retell-call.entity.js';
import { RetellGateway } from './retell.gateway.js';

@Module({
  imports: [TypeOrmModule.forFeature([RetellCall]), IngestionModule],
  controllers: [CallsController],
  providers: [CallsService, RetellGateway, Reconciler],
  exports: [Reconciler],
})
export class CallsModule {}
