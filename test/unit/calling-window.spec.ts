import { describe, expect, it } from '@jest/globals';
import { checkCallingWindow } from '../../src/rules/calling-window.js';
import { parseCallingWindow } from '../../src/config/calling-window.js';

const WINDOW = parseCallingWindow('08:00-21:00');

describe('parseCallingWindow', () => {
  it('should parse HH:mm-HH:mm into minutes after midnight', () => {
    expect(parseCallingWindow('08:00-21:00')).toEqual({ start: 480, end: 1260 });
    expect(parseCallingWindow('00:00-24:00')).toEqual({ start: 0, end: 1440 });
  });

  it.each(['8-21', '21:00-08:00', '09:00-09:00', '08:00-25:00', ''])('should reject %p', (text) => {
    expect(() => parseCallingWindow(text)).toThrow('Invalid calling window');
  });
});

describe('checkCallingWindow', () => {
  it.each<[string, string, string, string | null]>([
    ['should allow 08:00 sharp', '2026-11-18T13:00:00.000Z', 'America/New_York', null],
    ['should allow 20:59', '2026-11-19T01:59:00.000Z', 'America/New_York', null],
    [
      'should refuse 21:00 and point at 08:00 the next day',
      '2026-11-19T02:00:00.000Z',
      'America/New_York',
      '2026-11-19T13:00:00.000Z',
    ],
    [
      'should refuse 07:59 and point at 08:00 the same day',
      '2026-11-18T12:59:00.000Z',
      'America/New_York',
      '2026-11-18T13:00:00.000Z',
    ],
    [
      'should use the called person’s zone, not the server’s',
      '2026-11-18T20:00:00.000Z',
      'Asia/Tokyo',
      '2026-11-18T23:00:00.000Z',
    ],
    // 2026-03-08: US clocks go forward at 02:00. 12:30Z is 08:30 EDT (07:30 with a fixed EST offset).
    ['should allow 08:30 local on the spring-forward day', '2026-03-08T12:30:00.000Z', 'America/New_York', null],
    [
      'should refuse 07:30 local on the spring-forward day',
      '2026-03-08T11:30:00.000Z',
      'America/New_York',
      '2026-03-08T12:00:00.000Z',
    ],
    // 2026-11-01: clocks go back. 21:30 EST is 02:30Z the next day; 08:00 EST is 13:00Z.
    [
      'should point across the fall-back night at 08:00 standard time',
      '2026-11-01T01:30:00.000Z',
      'America/New_York',
      '2026-11-01T13:00:00.000Z',
    ],
  ])('%s', (_name, now, zone, next) => {
    const result = checkCallingWindow(new Date(now), zone, WINDOW);
    expect(result).toEqual(next === null ? { allowed: true } : { allowed: false, nextAllowedAt: new Date(next) });
  });
});
