import { Module } from '@nestjs/common';
import { CallDataService } from './call-data.service.js';

@Module({
  providers: [CallDataService],
  exports: [CallDataService],
})
export class CallsModule {}
