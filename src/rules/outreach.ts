import { DateTime } from 'luxon';
import type { CallingWindow } from '../config/calling-window.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import { DIAL_REFUSALS } from '../common/errors.js';
import { checkCallingWindow } from './calling-window.js';
import { nextCallingTime, retryDelay } from './campaign-rules.js';
import { dialRefusal, type CallHistorySummary } from './dial-rules.js';

/** Every day of the week: a recruiter's own calls keep to the calling hours, on any day. */
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** What a recruiter should do next about a candidate. */
export const NEXT_ACTIONS = [
  'call',
  'wait_for_calling_hours',
  'call_in_progress',
  'await_interview',
  'book_interview',
  'configure_calling',
  'none',
] as const;
export type NextAction = (typeof NEXT_ACTIONS)[number];

/** Why a call would not be placed now: a dial refusal (409), or calling not configured on the service (503). */
export const OUTREACH_REASONS = ['calling_not_configured', ...DIAL_REFUSALS] as const;
export type OutreachReason = (typeof OUTREACH_REASONS)[number];

/** Seed 000's `call_tracking`, computed by the same rules as `POST /api/candidates/{id}/calls`. */
export interface Outreach {
  can_call: boolean;
  /**
   * Why a call would be refused now: `calling_not_configured` (the 503 `calling_not_configured`),
   * else the refusal of its 409 (`details.reason`); null when it would be placed.
   */
  reason: OutreachReason | null;
  /** Whether the service can place calls at all (RETELL_FROM_NUMBER and RETELL_AGENT_ID are set). */
  calling_configured: boolean;
  attempts: number;
  max_attempts: number;
  remaining_attempts: number;
  /** When the calling window next opens (UTC), when a call is refused only for the hour. */
  next_allowed_at: Date | null;
  /** The IANA zone the calling window is read in. */
  timezone: string;
  /**
   * When the next attempt is due by the cadence (the campaign's, or CALL_RETRY_DELAYS after the
   * latest call), inside calling hours; null when no attempt waits.
   */
  next_attempt_at: Date | null;
  /** A call now would come before {@link next_attempt_at}: still allowed (a person decided), but early. */
  early: boolean;
  /** The open campaign the candidate is in, if any. */
  campaign_id: number | null;
  next_action: NextAction;
}

/** The candidate's place in an open campaign. */
export interface CampaignPlace {
  campaign_id: number;
  next_attempt_at: Date | null;
}

export interface OutreachInput {
  candidate: Pick<Candidate, 'do_not_call' | 'status' | 'timezone'>;
  history: CallHistorySummary & { lastPlacedAt: Date | null };
  /** CALL_RETRY_DELAYS: ISO 8601 durations between a recruiter's attempts, the last one repeating. */
  retryDelays: readonly string[];
  campaign: CampaignPlace | null;
  hasInterview: boolean;
  maxAttempts: number;
  /** Whether RETELL_FROM_NUMBER and RETELL_AGENT_ID are set. */
  callingConfigured: boolean;
  now: Date;
  window: CallingWindow;
  defaultZone: string;
}

/**
 * The candidate's outreach status: whether a call would be placed now and, if not, why, in the
 * order the dial checks them: the service's calling settings, the dial rules ({@link dialRefusal}),
 * then the calling window ({@link checkCallingWindow}). A scheduled interview makes the next action
 * `await_interview`; an `interviewing` candidate without one (the call agreed an interview at a
 * vague or impossible time, or a recruiter cancelled it) `book_interview`: a recruiter books it;
 * calling not configured makes it `configure_calling`.
 */
export function outreachStatus(input: OutreachInput): Outreach {
  const zone = input.candidate.timezone ?? input.defaultZone;
  let reason: OutreachReason | null = input.callingConfigured
    ? dialRefusal(input.candidate, input.history, input.maxAttempts)
    : 'calling_not_configured';
  let nextAllowedAt: Date | null = null;
  if (!reason) {
    const window = checkCallingWindow(input.now, zone, input.window);
    if (!window.allowed) {
      reason = 'outside_calling_hours';
      nextAllowedAt = window.nextAllowedAt;
    }
  }
  const nextAttemptAt = reason === null || reason === 'outside_calling_hours' ? dueAttempt(input, zone) : null;
  return {
    can_call: reason === null,
    reason,
    calling_configured: input.callingConfigured,
    attempts: input.history.attempts,
    max_attempts: input.maxAttempts,
    remaining_attempts: Math.max(0, input.maxAttempts - input.history.attempts),
    next_allowed_at: nextAllowedAt,
    timezone: zone,
    next_attempt_at: nextAttemptAt,
    early: reason === null && nextAttemptAt !== null && nextAttemptAt.getTime() > input.now.getTime(),
    campaign_id: input.campaign?.campaign_id ?? null,
    next_action: nextActionOf(input.hasInterview, input.candidate.status === 'interviewing', reason),
  };
}

/** When the next attempt is due: the campaign's schedule, else the cadence after the latest call. */
function dueAttempt(input: OutreachInput, zone: string): Date | null {
  if (input.campaign) return input.campaign.next_attempt_at;
  const { lastPlacedAt, attempts } = input.history;
  if (lastPlacedAt === null || attempts === 0 || input.retryDelays.length === 0) return null;
  const due = DateTime.fromJSDate(lastPlacedAt, { zone }).plus(retryDelay(input.retryDelays, attempts)).toJSDate();
  return nextCallingTime(due, zone, input.window, EVERY_DAY);
}

/** What a recruiter should do next: whether an interview is booked or awaits a recruiter, and why a call would be refused. */
function nextActionOf(hasInterview: boolean, interviewing: boolean, reason: OutreachReason | null): NextAction {
  if (hasInterview) return 'await_interview';
  if (interviewing) return 'book_interview';
  switch (reason) {
    case null:
      return 'call';
    case 'calling_not_configured':
      return 'configure_calling';
    case 'outside_calling_hours':
      return 'wait_for_calling_hours';
    case 'call_in_progress':
      return 'call_in_progress';
    case 'do_not_call':
    case 'candidate_closed':
    case 'attempts_exhausted':
      return 'none';
  }
}
