import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module.js';
import { RetellModule } from '../retell/retell.module.js';
import { Dialer } from './dialer.service.js';

/** Placing calls through Retell, shared by a recruiter's calls and campaigns. */
@Module({
  imports: [RetellModule, IngestionModule],
  providers: [Dialer],
  exports: [Dialer, RetellModule, IngestionModule],
})
export class DialingModule {}
