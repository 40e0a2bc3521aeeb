import { DateTime } from 'luxon';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { INTERVIEW_STATUSES, type Interview, type InterviewStatus } from '../database/entities/interview.entity.js';

/** An interview as the API shows it. */
@ApiSchema({ name: 'Interview' })
export class InterviewView {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 199 })
  candidate_id: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'call_abc123xyz789',
    description: 'the call that booked it; null when a recruiter booked it',
  })
  call_id: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-10-08T19:00:00.000Z', description: 'UTC instant' })
  starts_at: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2025-10-08T19:45:00.000Z',
    description: 'starts_at + duration',
  })
  ends_at: Date;

  @ApiProperty({ example: 45, description: 'minutes' })
  duration_minutes: number;

  @ApiProperty({ example: 'America/New_York', description: 'IANA zone the time was agreed in' })
  timezone: string;

  @ApiProperty({ example: '2025-10-08T15:00:00.000-04:00', description: 'starts_at in timezone' })
  local_start: string;

  @ApiProperty({ enum: INTERVIEW_STATUSES, example: 'scheduled' })
  status: InterviewStatus;

  @ApiProperty({ example: 0, description: 'iCalendar SEQUENCE: 0, then + 1 at every change' })
  sequence: number;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}

/** `starts_at` as local ISO 8601 in `zone` (`2025-10-08T15:00:00.000-04:00`). */
const localIso = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toISO() ?? at.toISOString();

/** The view of a stored interview: every wire key listed. */
export function toInterviewView(row: Interview): InterviewView {
  return {
    id: row.id,
    candidate_id: row.candidate_id,
    call_id: row.call_id,
    starts_at: row.starts_at,
    ends_at: new Date(row.starts_at.getTime() + row.duration_minutes * 60_000),
    duration_minutes: row.duration_minutes,
    timezone: row.timezone,
    local_start: localIso(row.starts_at, row.timezone),
    status: row.status,
    sequence: row.sequence,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
