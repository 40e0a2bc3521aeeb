import { Module } from '@nestjs/common';
import { DialingModule } from '../dialing/dialing.module.js';
import { CampaignDispatcher } from './campaign-dispatcher.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

/** Outreach campaigns: their API, and the dispatcher that places their calls on a retry cadence. */
@Module({
  imports: [DialingModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignDispatcher],
  exports: [CampaignDispatcher],
})
export class CampaignsModule {}
