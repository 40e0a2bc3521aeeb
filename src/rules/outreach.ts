import type { CallingWindow } from '../config/calling-window.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import type { DialRefusal } from '../common/errors.js';
import { checkCallingWindow } from './calling-window.js';
import { dialRefusal, type CallHistorySummary } from './dial-rules.js';

/** What a recruiter should do next about a candidate. */
export const NEXT_ACTIONS = [
  'call',
  'wait_for_calling_hours',
  'call_in_progress',
  'await_interview',
  'book_interview',
  'none',
] as const;
export type NextAction = (typeof NEXT_ACTIONS)[number];

/** Seed 000's `call_tracking`, computed by the same rules as `POST /api/candidates/{id}/calls`. */
export interface Outreach {
  can_call: boolean;
  /** The refusal a call would get now (`details.reason` of its 409), or null. */
  reason: DialRefusal | null;
  attempts: number;
  max_attempts: number;
  remaining_attempts: number;
  /** When the calling window next opens (UTC), when a call is refused only for the hour. */
  next_allowed_at: Date | null;
  /** The IANA zone the calling window is read in. */
  timezone: string;
  next_action: NextAction;
}

export interface OutreachInput {
  candidate: Pick<Candidate, 'do_not_call' | 'status' | 'timezone'>;
  history: CallHistorySummary;
  hasInterview: boolean;
  maxAttempts: number;
  now: Date;
  window: CallingWindow;
  defaultZone: string;
}

/**
 * The candidate's outreach status: whether a call would be placed now and, if not, why, with the
 * dial rules ({@link dialRefusal}) then the calling window ({@link checkCallingWindow}), in the
 * order the dial checks them. A scheduled interview makes the next action `await_interview`; an
 * `interviewing` candidate without one (the call agreed an interview at a vague or impossible
 * time, or a recruiter cancelled it) `book_interview`: a recruiter books it.
 */
export function outreachStatus(input: OutreachInput): Outreach {
  const zone = input.candidate.timezone ?? input.defaultZone;
  let reason: DialRefusal | null = dialRefusal(input.candidate, input.history, input.maxAttempts);
  let nextAllowedAt: Date | null = null;
  if (!reason) {
    const window = checkCallingWindow(input.now, zone, input.window);
    if (!window.allowed) {
      reason = 'outside_calling_hours';
      nextAllowedAt = window.nextAllowedAt;
    }
  }
  const nextAction: NextAction = input.hasInterview
    ? 'await_interview'
    : input.candidate.status === 'interviewing'
      ? 'book_interview'
      : reason === null
        ? 'call'
        : reason === 'outside_calling_hours'
          ? 'wait_for_calling_hours'
          : reason === 'call_in_progress'
            ? 'call_in_progress'
            : 'none';
  return {
    can_call: reason === null,
    reason,
    attempts: input.history.attempts,
    max_attempts: input.maxAttempts,
    remaining_attempts: Math.max(0, input.maxAttempts - input.history.attempts),
    next_allowed_at: nextAllowedAt,
    timezone: zone,
    next_action: nextAction,
  };
}
