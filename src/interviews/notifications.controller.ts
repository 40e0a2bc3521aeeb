import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, RECRUITER_ERRORS } from '../common/api-errors.js';
import type { Page } from '../common/paging.js';
import { ApiIdParam, ParseIdPipe } from '../common/parse-id.pipe.js';
import { NotificationView } from '../views/notification.view.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationPageDto } from './dto/pages.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'List interview e-mails, newest first' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrors([400], { 400: 'An invalid filter, or a cursor that is not a next_cursor of this endpoint' })
  list(@Query() query: ListNotificationsQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(query);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a failed e-mail again' })
  @ApiIdParam()
  @ApiOkResponse({ type: NotificationView })
  @ApiErrors([400, 404, 409], {
    404: 'No notification with this id (notification_not_found)',
    409: 'notification_not_retryable: it is not failed',
  })
  retry(@Param('id', ParseIdPipe) id: number): Promise<NotificationView> {
    return this.notifications.retry(id);
  }
}
