import { Module } from '@nestjs/common';
import { CandidateErasureService } from './candidate-erasure.service.js';
import { CandidatesController } from './candidates.controller.js';
import { CandidatesService } from './candidates.service.js';

/** Candidate profiles: create, read, list, update, and erase. Call data reaches candidates through ingestion. */
@Module({
  controllers: [CandidatesController],
  providers: [CandidatesService, CandidateErasureService],
})
export class CandidatesModule {}
