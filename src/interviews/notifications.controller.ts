import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/api-errors.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { NotificationView } from '../ingestion/dto/notification.view.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationPageDto } from './dto/pages.dto.js';
import { NotificationsService, type NotificationPage } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorEnvelopeDto, description: 'missing or wrong API key' })
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'List interview e-mails, newest first' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiBadRequestResponse({ type: ErrorEnvelopeDto })
  list(@Query() query: ListNotificationsQuery): Promise<NotificationPage> {
    return this.notifications.list(query);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a failed e-mail again' })
  @ApiOkResponse({ type: NotificationView })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto })
  @ApiConflictResponse({ type: ErrorEnvelopeDto, description: 'notification_not_retryable: it is not failed' })
  retry(@Param('id', ParseIdPipe) id: number): Promise<NotificationView> {
    return this.notifications.retry(id);
  }
}
