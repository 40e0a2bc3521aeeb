import { Module } from '@nestjs/common';
import { CandidateErasureService } from './candidate-erasure.service.js';
import { IngestionModule } from '../ingestion/ingestion.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ViewsModule } from '../views/views.module.js';
import { CandidatesController } from './candidates.controller.js';
import { CandidatesService } from './candidates.service.js';

/** Candidate profiles: create, read, list, update, and erase. Call data reaches candidates through ingestion. */
@Module({
  imports: [IngestionModule, SchedulingModule, ViewsModule],
  controllers: [CandidatesController],
  providers: [CandidatesService, CandidateErasureService],
})
export class CandidatesModule {}
