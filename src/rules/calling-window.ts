import { DateTime } from 'luxon';
import type { CallingWindow } from '../config/calling-window.js';

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
