import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/paging.js';
import { InterviewView } from '../../views/interview.view.js';
import { NotificationView } from '../../views/notification.view.js';

export class InterviewPageDto extends PageOf(InterviewView, 'InterviewPageDto') {}

export class NotificationPageDto extends PageOf(NotificationView, 'NotificationPageDto') {}

/** `GET /api/calendar-feed`: where the calendar feed is, for the console's subscription link. */
export class CalendarFeedDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/api/calendar.ics?token=0123456789abcdef',
    description:
      'path of the feed with its token (a secret: show it to recruiters only); null when CALENDAR_FEED_TOKEN is unset',
  })
  path: string | null;
}
