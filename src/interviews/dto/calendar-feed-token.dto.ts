import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { NoNul } from '../../common/safe-text.decorator.js';

/** `POST /api/calendar-feed/tokens`: whom the new token is for. */
export class CreateCalendarFeedTokenDto {
  @ApiProperty({ example: 'Emma Johnson', description: 'whom the token is for: a recruiter, a team, a calendar' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @NoNul()
  @MaxLength(200)
  label: string;
}

/** A calendar feed token as listed: never the token itself. */
@ApiSchema({ name: 'CalendarFeedToken' })
export class CalendarFeedTokenView {
  @ApiProperty({ type: 'integer', example: 3 })
  id: number;

  @ApiProperty({ example: 'Emma Johnson' })
  label: string;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while the token works' })
  revoked_at: Date | null;
}

/** A token just created: the only answer that shows it. */
@ApiSchema({ name: 'CreatedCalendarFeedToken' })
export class CreatedCalendarFeedTokenView extends CalendarFeedTokenView {
  @ApiProperty({
    example: 'q3Vh1c0m6Jb9yH2kT8wXn4Pz7Lr5Ds0AaBbCcDdEeF',
    description: 'the token: shown this once (only its hash is stored); keep it private',
  })
  token: string;

  @ApiProperty({
    example: '/api/calendar.ics?token=q3Vh1c0m6Jb9yH2kT8wXn4Pz7Lr5Ds0AaBbCcDdEeF',
    description: 'the feed path with the token, to subscribe to (prefix the service origin)',
  })
  path: string;
}

/** `GET /api/calendar-feed/tokens`: every token, newest first. */
export class CalendarFeedTokenListDto {
  @ApiProperty({ type: [CalendarFeedTokenView] })
  items: CalendarFeedTokenView[];
}
