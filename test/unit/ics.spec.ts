import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { interviewCalendar, interviewUid, type InterviewEvent } from '../../src/interviews/ics.js';

const ORGANIZER = { name: 'TechCorp Recruiting', address: 'recruiting@techcorp.example' };
const EVENT: InterviewEvent = {
  interviewId: 7,
  startsAt: new Date('2025-10-08T19:00:00Z'),
  durationMinutes: 45,
  sequence: 2,
  cancelled: false,
  stamp: new Date('2025-10-01T12:00:00Z'),
  candidate: { name: 'John Doe', email: 'john.doe@example.com' },
  position: 'Senior Python Developer',
  company: 'TechCorp',
};

/** Parsed back with ical.js, a real RFC 5545 parser. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

describe('interviewCalendar', () => {
  it('should make a REQUEST with one VEVENT: stable UID, SEQUENCE, exact UTC instants, organizer, attendee, summary', () => {
    const { calendar, events } = parse(interviewCalendar([EVENT], 'REQUEST', ORGANIZER));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.getFirstPropertyValue('uid')).toBe('interview-7@techcorp.example');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.toJSDate().toISOString()).toBe('2025-10-08T19:00:00.000Z');
    expect(start.zone?.tzid).toBe('UTC');
    expect((event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2025-10-08T19:45:00.000Z',
    );
    expect(event.getFirstPropertyValue('summary')).toBe('Interview: Senior Python Developer at TechCorp');
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:recruiting@techcorp.example');
    const attendee = event.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:john.doe@example.com');
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('should make a CANCEL with the same UID and a CANCELLED event', () => {
    const { calendar, events } = parse(
      interviewCalendar([{ ...EVENT, cancelled: true, sequence: 3 }], 'CANCEL', ORGANIZER),
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(events[0].getFirstPropertyValue('uid')).toBe(interviewUid(7, ORGANIZER));
    expect(events[0].getFirstPropertyValue('sequence')).toBe(3);
    expect(events[0].getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('should publish a feed of several events, each with its own UID', () => {
    const { calendar, events } = parse(
      interviewCalendar([EVENT, { ...EVENT, interviewId: 8, company: null }], 'PUBLISH', ORGANIZER),
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(events.map((event) => event.getFirstPropertyValue('uid'))).toEqual([
      'interview-7@techcorp.example',
      'interview-8@techcorp.example',
    ]);
    expect(events[1].getFirstPropertyValue('summary')).toBe('Interview: Senior Python Developer');
  });

  it('should carry the location, the description and the join link when they are set, and none otherwise', () => {
    const details = {
      location: 'TechCorp, 1 Market St, San Francisco',
      description: 'Bring a laptop.\nAsk for Emma at the desk.',
      joinUrl: 'https://meet.example.com/techcorp-interviews',
    };
    const [event] = parse(interviewCalendar([EVENT], 'REQUEST', ORGANIZER, details)).events;
    expect(event.getFirstPropertyValue('location')).toBe(details.location);
    expect(event.getFirstPropertyValue('description')).toBe(`${details.description}\n\nJoin: ${details.joinUrl}`);
    expect(event.getFirstPropertyValue('url')).toBe(details.joinUrl);

    const [bare] = parse(interviewCalendar([EVENT], 'REQUEST', ORGANIZER)).events;
    expect([
      bare.getFirstPropertyValue('location'),
      bare.getFirstPropertyValue('description'),
      bare.getFirstPropertyValue('url'),
    ]).toEqual([null, null, null]);
  });
});
