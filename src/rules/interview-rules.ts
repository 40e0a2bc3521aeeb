import { DateTime } from 'luxon';
import type { CandidateStatus } from '../database/entities/candidate-status.js';
import { callVerdict, type VerdictInput } from './call-rules.js';
import { resolveZone } from './interview-time.js';

/**
 * The interview rules of call ingestion, as pure functions. What a call says about the interview
 * is read from the fields the candidate mirrors of its most recent call; as with the status, only
 * a CHANGE of what that call says acts, so a replayed, duplicated or late event never undoes a
 * recruiter's own booking, move or cancellation.
 */

/** The mirrored call fields that decide the interview. */
export interface InterviewSignalInput extends VerdictInput {
  retell_interview_at: Date | string | null;
}

/** What a call says about the interview: book it at an instant, cancel it, or nothing. */
export type InterviewSignal = { kind: 'book'; startsAt: Date } | { kind: 'cancel' } | { kind: 'none' };

/**
 * Seed 002's rules: a call that reached the person with `interview_scheduled: true` and a
 * resolvable `retell_interview_at` books the interview at that instant; one whose outcome is
 * `Not Interested` cancels it. A vague time (no instant) books nothing: a recruiter books it.
 */
export function interviewSignal(fields: InterviewSignalInput | null): InterviewSignal {
  if (!fields) return { kind: 'none' };
  const verdict = callVerdict(fields);
  if (verdict === 'rejected') return { kind: 'cancel' };
  if (verdict !== 'interviewing' || fields.retell_interview_at === null) return { kind: 'none' };
  const startsAt = new Date(fields.retell_interview_at);
  return Number.isNaN(startsAt.getTime()) ? { kind: 'none' } : { kind: 'book', startsAt };
}

function sameSignal(a: InterviewSignal, b: InterviewSignal): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'book' || a.startsAt.getTime() === (b as { startsAt: Date }).startsAt.getTime();
}

/**
 * Whether applying the event changed what the candidate's current call says about the interview:
 * the only case in which the applier looks at interviews at all (keeps the hot path cheap).
 * @param before the call's mirrored fields before the event (null when the call was not yet the
 *               candidate's current one)
 */
export function interviewSignalChanged(before: InterviewSignalInput | null, after: InterviewSignalInput): boolean {
  return !sameSignal(interviewSignal(before), interviewSignal(after));
}

/** The scheduled interview as the rules see it. */
export interface ScheduledInterview {
  id: number;
  starts_at: Date;
}

/** What to do to the interviews table. */
export type InterviewChange =
  | { kind: 'create'; startsAt: Date }
  | { kind: 'move'; id: number; startsAt: Date }
  | { kind: 'cancel'; id: number }
  | { kind: 'none' };

const CLOSED: ReadonlySet<CandidateStatus> = new Set(['hired', 'withdrawn']);

/**
 * The change a signal makes to the candidate's scheduled interview: create it, move it when it is
 * at another instant (same instant: nothing), or cancel it. A hired or withdrawn candidate gets no
 * new booking from call data (as call data never moves their status).
 * @param status the candidate's status after the event
 */
export function interviewChange(
  signal: InterviewSignal,
  scheduled: ScheduledInterview | null,
  status: CandidateStatus,
): InterviewChange {
  switch (signal.kind) {
    case 'none':
      return { kind: 'none' };
    case 'cancel':
      return scheduled ? { kind: 'cancel', id: scheduled.id } : { kind: 'none' };
    case 'book':
      if (CLOSED.has(status)) return { kind: 'none' };
      if (!scheduled) return { kind: 'create', startsAt: signal.startsAt };
      return scheduled.starts_at.getTime() === signal.startsAt.getTime()
        ? { kind: 'none' }
        : { kind: 'move', id: scheduled.id, startsAt: signal.startsAt };
  }
}

/**
 * The IANA zone an interview was agreed in: the zone the agent recorded for the interview, when it
 * names one region (`Eastern Time (ET)` → America/New_York), else the candidate's profile zone,
 * else `fallback` (DEFAULT_TIMEZONE). A fixed offset (`UTC-5`) is not a region: it is skipped.
 */
export function interviewZone(
  scheduledTimezone: string | null,
  candidateTimezone: string | null,
  fallback: string,
): string {
  const agreed = resolveZone(scheduledTimezone);
  if (agreed && agreed.includes('/')) return agreed;
  return candidateTimezone ?? fallback;
}

/** When an interview was agreed for: ISO weekday (Monday = 1) and hour, local to its zone. */
export interface InterviewSlot {
  interview_weekday: number | null;
  interview_hour: number | null;
}

/**
 * The local weekday and hour of `at` in `zone` (the zone the interview was agreed in, see
 * {@link interviewZone}); both null when the call gave no definite time. Pure.
 */
export function interviewSlot(at: Date | null, zone: string): InterviewSlot {
  if (!at) return { interview_weekday: null, interview_hour: null };
  const local = DateTime.fromJSDate(at, { zone });
  return local.isValid
    ? { interview_weekday: local.weekday, interview_hour: local.hour }
    : { interview_weekday: null, interview_hour: null };
}
