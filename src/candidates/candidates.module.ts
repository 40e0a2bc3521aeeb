import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IngestionModule } from '../webhooks/ingestion.module.js';
import { CallDataSaveService } from './call-data-save.service.js';
import { Candidate } from './candidate.entity.js';
import { CandidatesController } from './candidates.controller.js';
import { CandidatesService } from './candidates.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Candidate]), IngestionModule],
  controllers: [CandidatesController],
  providers: [CandidatesService, CallDataSaveService],
  exports: [CandidatesService],
})
export class CandidatesModule {}
