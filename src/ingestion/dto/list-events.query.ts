import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DecimalInteger } from '../../common/decimal-integer.js';
import { EVENT_OUTCOMES, type EventOutcome } from '../../database/entities/retell-webhook-event.entity.js';

/** Filters and paging of `GET /api/webhooks/retell/events`, newest first. */
export class ListEventsQuery {
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

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,14}$/, { message: 'cursor must be a next_cursor of this endpoint' })
  cursor?: string;
}
