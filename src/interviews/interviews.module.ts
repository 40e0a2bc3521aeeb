import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { CalendarFeedController } from './calendar-feed.controller.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { InterviewsController } from './interviews.controller.js';
import { InterviewsService } from './interviews.service.js';
import { Mailer } from './mailer.js';
import { NotificationDispatcher } from './notification-dispatcher.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Interviews (list, book, move, cancel, invites and the calendar feed) and their e-mails: the
 * outbox list, retry, and the dispatcher that sends it. Interviews from call data are written by
 * ingestion (the applier), through the same InterviewScheduler (scheduling/).
 */
@Module({
  imports: [SchedulingModule],
  controllers: [InterviewsController, CalendarFeedController, NotificationsController],
  providers: [InterviewsService, CalendarFeedService, NotificationsService, NotificationDispatcher, Mailer],
})
export class InterviewsModule {}
