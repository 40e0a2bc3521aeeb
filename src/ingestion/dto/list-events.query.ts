import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import { EVENT_OUTCOMES, type EventOutcome } from '../../database/entities/retell-webhook-event.entity.js';

/** Filters and paging of `GET /api/webhooks/retell/events`, newest first. */
export class ListEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EVENT_OUTCOMES, enumName: 'EventOutcome', example: 'orphaned' })
  @IsOptional()
  @IsIn(EVENT_OUTCOMES)
  outcome?: EventOutcome;

  @ApiPropertyOptional({ example: 'call_abc123xyz789' })
  @IsOptional()
  @IsString()
  @Matches(/^\w[\w.:-]*$/, { message: 'call_id must be a Retell call id' })
  @MaxLength(200)
  call_id?: string;
}
