import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InterviewView } from '../../ingestion/dto/interview.view.js';
import { NotificationView } from '../../ingestion/dto/notification.view.js';

export class InterviewPageDto {
  @ApiProperty({ type: () => [InterviewView] })
  items: InterviewView[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null on the last page' })
  next_cursor: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: () => [NotificationView] })
  items: NotificationView[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null on the last page' })
  next_cursor: string | null;
}

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
