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
