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
