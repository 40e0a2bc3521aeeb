import { describe, it, expect } from '@jest/globals';
import { DateTime } from 'luxon';
import {
  deriveInterviewAt,
  plausibleInterviewAt,
  resolveZone,
  type InterviewTimeInput,
} from '../../src/rules/interview-time.js';

const dt = (scheduled_date: string, scheduled_time: string, scheduled_timezone: string): InterviewTimeInput => ({
  scheduled_date,
  scheduled_time,
  scheduled_timezone,
});

describe('deriveInterviewAt', () => {
  it.each<[string, InterviewTimeInput, string]>([
    [
      'should use the explicit offset of the seed ISO example',
      { scheduled_datetime_iso: '2025-10-08T15:00:00-04:00' },
      '2025-10-08T19:00:00.000Z',
    ],
    [
      'should use an ISO value ending in Z',
      { scheduled_datetime_iso: '2025-10-08T15:00:00Z' },
      '2025-10-08T15:00:00.000Z',
    ],
    [
      'should accept a compact ISO offset (+0530)',
      { scheduled_datetime_iso: '2025-10-08T15:00:00+0530' },
      '2025-10-08T09:30:00.000Z',
    ],
    [
      'should let an ISO offset win over the date/time/zone fields',
      { scheduled_datetime_iso: '2025-10-08T15:00:00-04:00', ...dt('2025-10-09', '9 AM', 'Pacific Time (PT)') },
      '2025-10-08T19:00:00.000Z',
    ],
    [
      'should read an ISO value without offset in the given zone (Pacific Time (PT))',
      { scheduled_datetime_iso: '2025-10-08T15:00:00', scheduled_timezone: 'Pacific Time (PT)' },
      '2025-10-08T22:00:00.000Z',
    ],
    [
      'should fall back to date + time when the ISO value is garbage',
      { scheduled_datetime_iso: 'next Tuesday', ...dt('2025-10-08', '3:00 PM', 'Eastern Time (ET)') },
      '2025-10-08T19:00:00.000Z',
    ],
    [
      'should fall back to date + time when an offset-less ISO value has no usable zone',
      { scheduled_datetime_iso: '2025-10-08T15:00:00', ...dt('2025-10-08', '3:00 PM', 'my time') },
      'null',
    ],
    [
      'should apply EDT (-4) for Eastern Time in summer',
      dt('2025-07-15', '3:00 PM', 'Eastern Time (ET)'),
      '2025-07-15T19:00:00.000Z',
    ],
    [
      'should apply EST (-5) for Eastern Time in winter',
      dt('2025-01-15', '3:00 PM', 'Eastern Time (ET)'),
      '2025-01-15T20:00:00.000Z',
    ],
    [
      'should treat "EST" said in July as regional Eastern time (-4)',
      dt('2025-07-15', '3:00 PM', 'EST'),
      '2025-07-15T19:00:00.000Z',
    ],
    [
      'should treat "PDT" said in January as regional Pacific time (-8)',
      dt('2025-01-15', '9:00 AM', 'PDT'),
      '2025-01-15T17:00:00.000Z',
    ],
    [
      'should apply BST (+1) for Europe/London in summer',
      dt('2025-07-15', '15:00', 'Europe/London'),
      '2025-07-15T14:00:00.000Z',
    ],
    [
      'should apply GMT (+0) for Europe/London in winter',
      dt('2025-01-15', '15:00', 'Europe/London'),
      '2025-01-15T15:00:00.000Z',
    ],
    ['should apply a UTC+05:30 offset', dt('2025-10-08', '3:00 PM', 'UTC+05:30'), '2025-10-08T09:30:00.000Z'],
    ['should apply a GMT-4 offset', dt('2025-10-08', '3:00 PM', 'GMT-4'), '2025-10-08T19:00:00.000Z'],
    ['should apply a bare -04:00 offset', dt('2025-10-08', '3:00 PM', '-04:00'), '2025-10-08T19:00:00.000Z'],
    ['should read a 24-hour time', dt('2025-10-08', '15:00', 'Central Time'), '2025-10-08T20:00:00.000Z'],
    ['should read "3 PM" without minutes', dt('2025-10-08', '3 PM', 'Central Time'), '2025-10-08T20:00:00.000Z'],
    ['should read "3:00pm" without a space', dt('2025-10-08', '3:00pm', 'UTC'), '2025-10-08T15:00:00.000Z'],
    ['should read "10:30 a.m." with dots', dt('2025-10-08', '10:30 a.m.', 'UTC'), '2025-10-08T10:30:00.000Z'],
    ['should read "12 PM" as noon', dt('2025-10-08', '12 PM', 'UTC'), '2025-10-08T12:00:00.000Z'],
    ['should read "12 AM" as midnight', dt('2025-10-08', '12 AM', 'UTC'), '2025-10-08T00:00:00.000Z'],
    [
      'should return null for a local time skipped by the DST change',
      dt('2025-03-09', '2:30 AM', 'Eastern Time (ET)'),
      'null',
    ],
    [
      'should return null for a local time repeated by the DST change',
      dt('2025-11-02', '1:30 AM', 'Eastern Time (ET)'),
      'null',
    ],
    [
      'should return null for an offset-less ISO value in a DST gap',
      { scheduled_datetime_iso: '2025-03-09T02:30:00', scheduled_timezone: 'America/New_York' },
      'null',
    ],
    [
      'should return null for an offset-less ISO value in a DST overlap',
      { scheduled_datetime_iso: '2025-11-02T01:30:00', scheduled_timezone: 'America/New_York' },
      'null',
    ],
    [
      'should accept the hour right after the DST gap',
      dt('2025-03-09', '3:30 AM', 'Eastern Time (ET)'),
      '2025-03-09T07:30:00.000Z',
    ],
    ['should return null for an unknown zone', dt('2025-10-08', '3:00 PM', 'local time'), 'null'],
    ['should return null for an ambiguous zone (EST/PST)', dt('2025-10-08', '3:00 PM', 'EST/PST'), 'null'],
    [
      'should return null when the zone is missing',
      { scheduled_date: '2025-10-08', scheduled_time: '3:00 PM' },
      'null',
    ],
    [
      'should return null when the time is missing',
      { scheduled_date: '2025-10-08', scheduled_timezone: 'EST' },
      'null',
    ],
    ['should return null when the date is missing', { scheduled_time: '3:00 PM', scheduled_timezone: 'EST' }, 'null'],
    ['should return null for a vague time ("afternoon")', dt('2025-10-08', 'afternoon', 'EST'), 'null'],
    ['should return null for "noon"', dt('2025-10-08', 'noon', 'EST'), 'null'],
    ['should return null for an empty time', dt('2025-10-08', '', 'EST'), 'null'],
    [
      'should return null for a 24-hour time without a two-digit hour ("3:00")',
      dt('2025-10-08', '3:00', 'EST'),
      'null',
    ],
    ['should return null for an out-of-range 12-hour time ("13 PM")', dt('2025-10-08', '13 PM', 'EST'), 'null'],
    ['should return null for an out-of-range 24-hour time ("24:00")', dt('2025-10-08', '24:00', 'EST'), 'null'],
    ['should return null for an invalid calendar date (2025-02-30)', dt('2025-02-30', '3:00 PM', 'EST'), 'null'],
    ['should return null for a non yyyy-MM-dd date', dt('10/08/2025', '3:00 PM', 'EST'), 'null'],
    [
      'should return null for an ISO date without a time and nothing else',
      { scheduled_datetime_iso: '2025-10-08' },
      'null',
    ],
    [
      'should return null for an ISO value with an offset beyond 14h',
      { scheduled_datetime_iso: '2025-10-08T15:00:00+25:00' },
      'null',
    ],
    [
      'should return null for date + time fields longer than 200 chars',
      dt('2025-10-08', `3:00${' '.repeat(300)}PM`, `Eastern${' '.repeat(300)}Time`),
      'null',
    ],
    [
      'should return null when every field is null',
      { scheduled_datetime_iso: null, scheduled_date: null, scheduled_time: null, scheduled_timezone: null },
      'null',
    ],
  ])('%s', (_name, input, expected) => {
    const result = deriveInterviewAt(input);
    expect(result === null ? 'null' : result.toISOString()).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['null input', null],
    ['a number as input', 42],
    ['a string as input', '2025-10-08T15:00:00Z'],
    [
      'numbers in every field',
      { scheduled_datetime_iso: 1759950000000, scheduled_date: 20251008, scheduled_time: 15, scheduled_timezone: -4 },
    ],
    [
      'objects in every field',
      {
        scheduled_datetime_iso: {},
        scheduled_date: [],
        scheduled_time: { h: 3 },
        scheduled_timezone: { toString: () => 'EST' },
      },
    ],
    ['a time string longer than 200 chars', dt('2025-10-08', `3:00${' '.repeat(300)}PM`, 'EST')],
  ])('should return null without throwing for garbage: %s', (_name, input) => {
    expect(deriveInterviewAt(input as InterviewTimeInput)).toBeNull();
  });
});

describe('resolveZone', () => {
  it.each<[string, string | null]>([
    ['Eastern Time (ET)', 'America/New_York'],
    ['Eastern Standard Time', 'America/New_York'],
    ['eastern', 'America/New_York'],
    ['EDT', 'America/New_York'],
    ['Central Time (US & Canada)', 'America/Chicago'],
    ['CST', 'America/Chicago'],
    ['Mountain Daylight Time', 'America/Denver'],
    ['MST', 'America/Denver'],
    ['Pacific Time (PT)', 'America/Los_Angeles'],
    ['pst', 'America/Los_Angeles'],
    ['Alaska Time (AKT)', 'America/Anchorage'],
    ['HST', 'Pacific/Honolulu'],
    ['Arizona', 'America/Phoenix'],
    ['America/New_York', 'America/New_York'],
    ['europe/london', 'Europe/London'],
    ['Pacific/Honolulu', 'Pacific/Honolulu'],
    ['UTC', 'UTC'],
    ['gmt', 'UTC'],
    ['Z', 'UTC'],
    ['UTC-5', 'UTC-5'],
    ['UTC -5', 'UTC-5'],
    ['UTC+05:30', 'UTC+5:30'],
    ['GMT-4', 'UTC-4'],
    ['-04:00', 'UTC-4'],
    ['+0530', 'UTC+5:30'],
    ['UTC+14', 'UTC+14'],
    ['UTC+0', 'UTC'],
    ['UTC+15', null],
    ['+05:75', null],
    ['local time', null],
    ['my time', null],
    ['EST/PST', null],
    ['Eastern or Pacific', null],
    ['Central European Time', null],
    ['', null],
    ['   ', null],
  ])('should resolve %j to %j', (label, expected) => {
    expect(resolveZone(label)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a number', 5],
    ['an object', { zone: 'EST' }],
    ['a 201-char string', `Eastern${' '.repeat(190)}Time`],
  ])('should return null for %s', (_name, label) => {
    expect(resolveZone(label as string)).toBeNull();
  });

  it.each(['UTC-5', 'UTC+5:30', 'UTC+14', 'America/Phoenix'])('should return a name luxon accepts: %s', (label) => {
    const zone = resolveZone(label);
    expect(zone).not.toBeNull();
    expect(DateTime.fromISO('2025-10-08T12:00:00Z').setZone(zone as string).isValid).toBe(true);
  });
});

describe('plausibleInterviewAt', () => {
  const END = Date.parse('2025-11-21T05:00:00Z');
  it.each([
    ['a time after the call', '2025-12-03T20:00:00Z', true],
    ['a time a year after the call', '2026-11-21T05:00:00Z', true],
    ['a time before the call ended', '2025-10-08T19:00:00Z', false],
    ['the instant the call ended', '2025-11-21T05:00:00Z', false],
    ['a time more than a year after the call', '2026-11-23T05:00:00Z', false],
  ])('should judge %s', (_what, at, kept) => {
    const instant = new Date(at);
    expect(plausibleInterviewAt(instant, END)).toBe(kept ? instant : null);
  });

  it('should keep the time of a call without timestamps, and null as null', () => {
    const instant = new Date('2020-01-01T00:00:00Z');
    expect(plausibleInterviewAt(instant, null)).toBe(instant);
    expect(plausibleInterviewAt(null, END)).toBeNull();
  });
});
