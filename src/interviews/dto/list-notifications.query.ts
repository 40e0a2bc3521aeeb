import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DecimalInteger, MAX_INTEGER_ID } from '../../common/decimal-integer.js';
import { PageQuery } from '../../common/paging.js';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../../database/entities/notification.entity.js';

/** Filters and paging of `GET /api/notifications` (newest first). */
export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'integer', example: 199 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_INTEGER_ID)
  candidate_id?: number;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;
}
