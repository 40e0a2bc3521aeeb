import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/** One interview as a calendar event. */
export interface InterviewEvent {
  interviewId: number;
  startsAt: Date;
  durationMinutes: number;
  sequence: number;
  cancelled: boolean;
  /** DTSTAMP: when this version of the event was made. */
  stamp: Date;
  candidate: { name: string; email: string };
  position: string | null;
  company: string | null;
}

/** ORGANIZER (MAIL_FROM) and the domain of the UIDs. */
export interface Organizer {
  name: string;
  address: string;
}

/**
 * What every interview event says besides its time (INTERVIEW_LOCATION, INTERVIEW_DESCRIPTION,
 * INTERVIEW_JOIN_URL): where, what to expect, and the video call's https link. Each may be absent.
 */
export interface InterviewDetails {
  location?: string;
  description?: string;
  joinUrl?: string;
}

/** DESCRIPTION: the description, then the join link on a line of its own; null when there is neither. */
export function interviewDescription(details: InterviewDetails): string | null {
  const parts = [details.description, details.joinUrl ? `Join: ${details.joinUrl}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join('\n\n') : null;
}

/**
 * The event's UID, the same for the interview's whole life (every update and the cancellation
 * refer to it): `interview-7@example.com`, with the organizer's domain.
 */
export function interviewUid(interviewId: number, organizer: Organizer): string {
  return `interview-${interviewId}@${organizer.address.split('@')[1]}`;
}

/** `Interview: Senior Python Developer at TechCorp`. */
export function interviewSummary(position: string | null, company: string | null): string {
  return `Interview: ${position ?? 'Interview'}${company ? ` at ${company}` : ''}`;
}

/**
 * An RFC 5545 calendar, made with ical-generator. `REQUEST` (an invitation or update) or `CANCEL`
 * for one interview's e-mail or download; `PUBLISH` for the subscribed feed. DTSTART and DTEND are
 * the exact instants, in UTC; SEQUENCE is the interview's. LOCATION, DESCRIPTION and URL (the join
 * link, also in the description for calendars that do not show URL) come from `details`.
 */
export function interviewCalendar(
  events: InterviewEvent[],
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH',
  organizer: Organizer,
  details: InterviewDetails = {},
): string {
  const calendar = ical({
    prodId: { company: 'retell-ats', product: 'interviews', language: 'EN' },
    method: ICalCalendarMethod[method],
    name: method === 'PUBLISH' ? 'Interviews' : null,
  });
  for (const event of events) {
    calendar.createEvent({
      id: interviewUid(event.interviewId, organizer),
      sequence: event.sequence,
      stamp: event.stamp,
      start: event.startsAt,
      end: new Date(event.startsAt.getTime() + event.durationMinutes * 60_000),
      summary: interviewSummary(event.position, event.company),
      location: details.location ?? null,
      description: interviewDescription(details),
      url: details.joinUrl ?? null,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: organizer.name || organizer.address, email: organizer.address },
      attendees: [
        {
          name: event.candidate.name,
          email: event.candidate.email,
          role: ICalAttendeeRole.REQ,
          status: ICalAttendeeStatus.NEEDSACTION,
          rsvp: true,
        },
      ],
    });
  }
  return calendar.toString();
}
