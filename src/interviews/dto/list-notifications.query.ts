import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DecimalInteger } from '../../common/decimal-integer.js';
import { PageQuery } from '../../common/paging.js';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../../database/entities/notification.entity.js';

/** Filters and paging of `GET /api/notifications` (newest first). */
export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'integer', example: 199 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  candidate_id?: number;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;
}
