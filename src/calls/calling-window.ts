import { DateTime } from 'luxon';

/** A daily window of local time, in minutes after midnight: `start` inclusive, `end` exclusive. */
export interface CallingWindow {
  start: number;
  end: number;
}

/** Parses `HH:mm-HH:mm` (e.g. `08:00-21:00`). @throws Error when malformed or empty */
export function parseCallingWindow(text: string): CallingWindow {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`Invalid calling window: ${text}`);
  const [, h1, m1, h2, m2] = match.map(Number);
  const window = { start: h1 * 60 + m1, end: h2 * 60 + m2 };
  if (window.end <= window.start || window.end > 24 * 60) throw new Error(`Invalid calling window: ${text}`);
  return window;
}

/** Whether a call may start now, and if not, the next instant it may. */
export type WindowCheck = { allowed: true } | { allowed: false; nextAllowedAt: Date };

/**
 * Checks `now` against the window in the called person's local time (`zone`, IANA), across DST
 * changes: the window is local wall-clock time, whatever the day's UTC offset.
 */
export function checkCallingWindow(now: Date, zone: string, window: CallingWindow): WindowCheck {
  const local = DateTime.fromJSDate(now, { zone });
  const minute = local.hour * 60 + local.minute;
  if (minute >= window.start && minute < window.end) return { allowed: true };
  const day = minute < window.start ? local : local.plus({ days: 1 });
  const next = day.set({ hour: Math.floor(window.start / 60), minute: window.start % 60, second: 0, millisecond: 0 });
  return { allowed: false, nextAllowedAt: next.toJSDate() };
}
