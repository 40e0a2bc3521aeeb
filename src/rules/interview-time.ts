import { DateTime, IANAZone } from 'luxon';

/** Input: the raw (already-string-or-null) custom analysis values. */
export interface InterviewTimeInput {
  scheduled_datetime_iso?: string | null;
  scheduled_date?: string | null;
  scheduled_time?: string | null;
  scheduled_timezone?: string | null;
}

/** Longest input string we look at; anything longer is treated as unknown. */
const MAX_LEN = 200;
/** Largest real-world UTC offset, in minutes (±14h). */
const MAX_OFFSET_MIN = 14 * 60;

/** US zone words/abbreviations → regional IANA zone (DST-aware, so "EST" in July means EDT). */
const US_ZONES: Record<string, string> = {
  eastern: 'America/New_York',
  et: 'America/New_York',
  est: 'America/New_York',
  edt: 'America/New_York',
  central: 'America/Chicago',
  ct: 'America/Chicago',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  mountain: 'America/Denver',
  mt: 'America/Denver',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  pacific: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  alaska: 'America/Anchorage',
  akst: 'America/Anchorage',
  akdt: 'America/Anchorage',
  akt: 'America/Anchorage',
  hawaii: 'Pacific/Honolulu',
  hst: 'Pacific/Honolulu',
  arizona: 'America/Phoenix',
};

/** Words allowed next to a US zone word ("Eastern Standard Time", "Central Time (US & Canada)"). */
const FILLER = new Set([
  'time',
  'timezone',
  'zone',
  'standard',
  'daylight',
  'saving',
  'savings',
  'us',
  'usa',
  'u',
  's',
  'canada',
  'and',
]);

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/** Trimmed string of 1..200 chars, else null (non-strings included). */
function clean(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length > 0 && s.length <= MAX_LEN ? s : null;
}

/** "UTC", "GMT", "Z", "UTC-5", "GMT+05:30", "-04:00", "+0530" → luxon fixed zone name, else null. */
function resolveOffset(s: string): string | null {
  if (/^(utc|gmt|z)$/i.test(s)) return 'UTC';
  const m = /^(?:(?:utc|gmt)\s*)?([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(s);
  if (!m) return null;
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  if (min > 59 || h * 60 + min > MAX_OFFSET_MIN) return null;
  if (h === 0 && min === 0) return 'UTC';
  return `UTC${m[1]}${h}${min ? `:${String(min).padStart(2, '0')}` : ''}`;
}

/** Canonical IANA name ("europe/london" → "Europe/London"), or null when not a valid IANA zone. */
function resolveIana(s: string): string | null {
  if (!IANAZone.isValidZone(s)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
}

/**
 * Resolves a human or IANA zone name / UTC offset to a luxon zone name usable with
 * `DateTime.setZone` (e.g. 'America/New_York', 'UTC', 'UTC-5', 'UTC+5:30'), or null when
 * unrecognised or ambiguous (e.g. "EST/PST", "local time", "Central European Time").
 */
export function resolveZone(label: string | null | undefined): string | null {
  try {
    const s = clean(label);
    if (!s) return null;
    const offset = resolveOffset(s);
    if (offset) return offset;
    if (s.includes('/')) {
      const iana = resolveIana(s);
      if (iana) return iana;
    }
    const tokens = s
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean);
    const zones = new Set<string>();
    let unknown = false;
    for (const t of tokens) {
      if (Object.hasOwn(US_ZONES, t)) zones.add(US_ZONES[t]);
      else if (!FILLER.has(t)) unknown = true;
    }
    if (zones.size === 1 && !unknown) return [...zones][0];
    // Two US zones ("EST/PST") or extra unknown words ("Central European Time"): only a
    // slash-less IANA name ("CET", "Japan") can still match; otherwise null.
    return resolveIana(s);
  } catch {
    return null;
  }
}

/** Local wall-clock time in `zone` → instant, or null if it falls in a DST gap or overlap. */
function localToInstant(p: LocalParts, zone: string): Date | null {
  const dt = DateTime.fromObject(p, { zone });
  if (!dt.isValid) return null;
  const same =
    dt.year === p.year &&
    dt.month === p.month &&
    dt.day === p.day &&
    dt.hour === p.hour &&
    dt.minute === p.minute &&
    dt.second === (p.second ?? 0) &&
    dt.millisecond === (p.millisecond ?? 0);
  if (!same) return null; // skipped by spring-forward (luxon shifts it)
  if (dt.getPossibleOffsets().length !== 1) return null; // repeated by fall-back
  return dt.toJSDate();
}

/** Strict "yyyy-MM-dd" → parts (calendar validity is checked later by luxon). */
function parseDate(s: string): Pick<LocalParts, 'year' | 'month' | 'day'> | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** "3 PM", "3:00pm", "10:30 a.m.", "12 AM" (12-hour) or "15:00" (24-hour, two-digit hour) → hour/minute. */
function parseTime(s: string): Pick<LocalParts, 'hour' | 'minute'> | null {
  const h12 = /^(\d{1,2})(?::([0-5]\d))?\s*([ap])\.?\s*m\.?$/i.exec(s);
  if (h12) {
    const h = Number(h12[1]);
    if (h < 1 || h > 12) return null;
    const pm = h12[3].toLowerCase() === 'p';
    return { hour: (h % 12) + (pm ? 12 : 0), minute: h12[2] ? Number(h12[2]) : 0 };
  }
  const h24 = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return h24 ? { hour: Number(h24[1]), minute: Number(h24[2]) } : null;
}

/** Explicit UTC designator/offset right after an ISO time part: Z, ±HH:MM, ±HHMM or ±HH. */
const ISO_OFFSET = /T\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
/** ISO date-time with a time part but no offset. */
const ISO_LOCAL = /T\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?$/i;

/**
 * Derives the interview instant from Retell custom-analysis fields.
 * Order: `scheduled_datetime_iso` with explicit offset; else that ISO local date-time in
 * `scheduled_timezone`; else `scheduled_date` (yyyy-MM-dd) + `scheduled_time` + `scheduled_timezone`.
 * Returns a Date (UTC instant) or null when unknown, ambiguous (DST overlap, ambiguous zone)
 * or non-existent (DST gap). Pure: no I/O, no clock, never throws.
 */
export function deriveInterviewAt(input: InterviewTimeInput): Date | null {
  try {
    if (!input || typeof input !== 'object') return null;
    const zone = resolveZone(input.scheduled_timezone);

    const iso = clean(input.scheduled_datetime_iso);
    if (iso) {
      const dt = DateTime.fromISO(iso, { setZone: true });
      if (dt.isValid && ISO_OFFSET.test(iso) && Math.abs(dt.offset) <= MAX_OFFSET_MIN) {
        return dt.toJSDate();
      }
      if (dt.isValid && ISO_LOCAL.test(iso) && zone) {
        // Re-read the wall-clock fields in UTC so the host's zone (and its DST gaps) cannot shift them.
        const { year, month, day, hour, minute, second, millisecond } = DateTime.fromISO(iso, { zone: 'UTC' });
        return localToInstant({ year, month, day, hour, minute, second, millisecond }, zone);
      }
    }

    const dateStr = clean(input.scheduled_date);
    const timeStr = clean(input.scheduled_time);
    if (!dateStr || !timeStr || !zone) return null;
    const date = parseDate(dateStr);
    const time = parseTime(timeStr);
    if (!date || !time) return null;
    return localToInstant({ ...date, ...time }, zone);
  } catch {
    return null;
  }
}

/** The furthest ahead of its call an interview can be booked by the call: 366 days. */
export const MAX_INTERVIEW_LEAD_MS = 366 * 86_400_000;

/**
 * The interview instant a call can book: `at` when it falls after the call ended (`callEndMs`,
 * epoch milliseconds; the start when the call has no end yet) and at most
 * {@link MAX_INTERVIEW_LEAD_MS} later; otherwise null. A time before the call, or years away, is
 * the agent misreading a date ("October 8th" said in November), not a booking: like a vague time,
 * it books nothing and sends nothing, and the candidate waits for a recruiter to book
 * (`next_action: book_interview`); the agent's own text stays in the `retell_scheduled_*` fields.
 * Without any timestamp on the call there is nothing to compare with: `at` is kept. Pure.
 */
export function plausibleInterviewAt(at: Date | null, callEndMs: number | null): Date | null {
  if (at === null || callEndMs === null) return at;
  const lead = at.getTime() - callEndMs;
  return lead > 0 && lead <= MAX_INTERVIEW_LEAD_MS ? at : null;
}
