import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/paging.js';
import { InterviewView } from '../../views/interview.view.js';
import { NotificationView } from '../../views/notification.view.js';

export class InterviewPageDto extends PageOf(InterviewView, 'InterviewPageDto') {}

export class NotificationPageDto extends PageOf(NotificationView, 'NotificationPageDto') {}

/** `GET /api/calendar-feed`: how to get a subscription link to the calendar feed. */
export class CalendarFeedDto {
  @ApiProperty({ example: '/api/calendar.ics', description: 'the feed, with ?token=<a personal token>' })
  feed_path: string;

  @ApiProperty({
    example: '/api/calendar-feed/tokens',
    description: 'create (POST), list (GET) and revoke (DELETE /{id}) tokens',
  })
  tokens_path: string;

  @ApiProperty({ type: 'integer', example: 2, description: 'tokens that work now' })
  active_tokens: number;
}
