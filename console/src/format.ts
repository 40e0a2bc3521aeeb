/** The viewer's own zone, e.g. `Europe/Paris`. */
export const VIEWER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * An instant in the viewer's locale, with the zone named: "Oct 8, 2025, 3:00 PM EDT".
 * @param zone IANA zone to show it in; default the viewer's
 * @param seconds show seconds too (the event log)
 */
export function formatInstant(value: string | number | null | undefined, zone?: string, seconds = false): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  // dateStyle and timeStyle cannot be combined with timeZoneName, so the parts are named one by one.
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
    timeZone: zone,
    timeZoneName: 'short',
  }).format(date);
}

/** A day heading in the viewer's zone: "Thursday, October 8, 2025". */
export function formatDay(value: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'full' }).format(new Date(value));
}

/** US cents as dollars in the viewer's locale: "$12.50", or "—". */
export function formatDollars(cents: number | null): string {
  return cents === null
    ? '—'
    : new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/** Milliseconds as "4 min 05 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${String(seconds % 60).padStart(2, '0')} s` : `${seconds} s`;
}

/** "Tue 08:00" of an instant in `zone`. */
function weekdayTime(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: zone })
    .format(date)
    .replace(',', '');
}

/** Why a call may not be placed (the API's DialRefusal), in words. */
export function refusalInWords(
  reason: string | null | undefined,
  nextAllowedAt?: string | null,
  zone?: string | null,
): string {
  switch (reason) {
    case 'calling_not_configured':
      return 'Calling is not set up on the service: it needs RETELL_FROM_NUMBER and RETELL_AGENT_ID. Ask whoever runs it.';
    case 'do_not_call':
      return 'Do not call: this candidate asked not to be called. Clear "Do not call" to allow calls.';
    case 'candidate_closed':
      return 'The candidate is closed (hired, rejected or withdrawn): no more calls.';
    case 'call_in_progress':
      return 'A call is in progress: wait for it to end.';
    case 'attempts_exhausted':
      return 'Every allowed call attempt has been used.';
    case 'outside_calling_hours': {
      if (!nextAllowedAt || !zone) return 'Outside calling hours.';
      const next = new Date(nextAllowedAt);
      const utc = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(
        next,
      );
      return `Outside calling hours: next window opens ${weekdayTime(next, zone)} in ${zone} (${utc} UTC)`;
    }
    case null:
    case undefined:
      return 'The call is not allowed.';
    default:
      return `The call is not allowed (${reason}).`;
  }
}

/** "interview_invitation" → "Interview invitation". */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The outreach's next action in words. */
export function nextActionInWords(action: string): string {
  switch (action) {
    case 'call':
      return 'Call now';
    case 'wait_for_calling_hours':
      return 'Wait for calling hours';
    case 'call_in_progress':
      return 'A call is in progress';
    case 'await_interview':
      return 'Await the interview';
    case 'configure_calling':
      return 'Calling is not set up';
    default:
      return 'No call to make';
  }
}

/** A yes/no answer of a call's analysis: "Yes", "No", or "—" when not given. */
export function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? '—' : value ? 'Yes' : 'No';
}

/** "6 years", "1 year", or "—". */
export function yearsInWords(years: number | null | undefined): string {
  if (years === null || years === undefined) return '—';
  return `${years.toLocaleString()} ${years === 1 ? 'year' : 'years'}`;
}

/** A yearly salary as the candidate said it: "135,000 a year" (the agent records no currency). */
export function salaryInWords(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '—' : `${amount.toLocaleString()} a year`;
}

/** A list of the agent's findings ("TypeScript, PostgreSQL"), or "—". */
export function listInWords(items: string[] | null | undefined): string {
  return items && items.length > 0 ? items.join(', ') : '—';
}
