import { DateTime, Duration } from 'luxon';
import type { CallingWindow } from '../config/calling-window.js';
import type { AttemptOutcome, CampaignStatus, SkipReason } from '../database/entities/campaign-states.js';
import { DIAL_FAILURES } from './call-rules.js';

/** What a recruiter can do to a campaign (`POST /api/campaigns/{id}/{action}`). */
export const CAMPAIGN_ACTIONS = ['start', 'pause', 'resume', 'cancel'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
};

/** The status after `action`, or null when the action is impossible from `status` (a 409). */
export function campaignTransition(status: CampaignStatus, action: CampaignAction): CampaignStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(status) ? rule.to : null;
}

/** Candidate statuses that end outreach: a call or a recruiter decided. */
const DECIDED_STATUSES = new Set(['interviewing', 'rejected', 'hired', 'withdrawn']);

/** Why a candidate cannot be called by a campaign at all, or null when it can. */
export function skipReason(candidate: {
  do_not_call: boolean;
  phone: string | null;
  status: string;
}): SkipReason | null {
  if (candidate.do_not_call) return 'do_not_call';
  if (!candidate.phone) return 'no_phone';
  if (DECIDED_STATUSES.has(candidate.status)) return 'already_decided';
  return null;
}

/** What the settling of an attempt reads of its call row and of the candidate. */
export interface AttemptFacts {
  /** The attempt row's `call_status` (`dialing`, `registered`, `ongoing`, `ended`, `error`, `not_connected`, `failed`). */
  callStatus: string;
  disconnectionReason: string | null;
  inVoicemail: boolean | null;
  /** The call's verdict as the pipeline applied it (`interviewing`, `rejected`, `contacted`). */
  verdict: string | null;
  /** Whether `call_analyzed` (or a sync with `call_analysis`) has been applied. */
  analyzed: boolean;
  /** When the attempt row last changed (epoch ms): how long a reached call has waited for its analysis. */
  updatedAtMs: number;
  candidate: { do_not_call: boolean; status: string } | null;
}

/** An attempt's fate: still running, or settled with an outcome that ends or continues outreach. */
export type AttemptSettlement =
  { kind: 'pending' } | { kind: 'decided'; outcome: AttemptOutcome } | { kind: 'retry'; outcome: AttemptOutcome };

const ACTIVE = new Set(['dialing', 'registered', 'ongoing']);

/**
 * Settles an attempt from its call (Retell's `call_status`, `disconnection_reason`, `in_voicemail`
 * and the applied verdict). A decision ends outreach: the candidate became do-not-call, was
 * booked or refused, or a recruiter decided; no answer, busy, voicemail and failed dials retry
 * (never a rejection); a reached call without a decision retries too. A reached call waits for its
 * analysis for up to `analysisWaitMs` after it ended.
 */
export function settleAttempt(facts: AttemptFacts, nowMs: number, analysisWaitMs: number): AttemptSettlement {
  if (facts.candidate?.do_not_call) return { kind: 'decided', outcome: 'do_not_call' };
  if (ACTIVE.has(facts.callStatus)) return { kind: 'pending' };
  if (facts.verdict === 'interviewing') return { kind: 'decided', outcome: 'interview_scheduled' };
  if (facts.verdict === 'rejected') return { kind: 'decided', outcome: 'not_interested' };
  if (facts.candidate && DECIDED_STATUSES.has(facts.candidate.status)) {
    return { kind: 'decided', outcome: 'decided_by_recruiter' };
  }
  const reason = facts.disconnectionReason ?? '';
  if (facts.inVoicemail === true || reason === 'voicemail_reached') return { kind: 'retry', outcome: 'voicemail' };
  if (reason === 'dial_no_answer') return { kind: 'retry', outcome: 'no_answer' };
  if (reason === 'dial_busy') return { kind: 'retry', outcome: 'busy' };
  if (facts.callStatus !== 'ended' || DIAL_FAILURES.includes(reason)) return { kind: 'retry', outcome: 'dial_failed' };
  if (!facts.analyzed && nowMs - facts.updatedAtMs < analysisWaitMs) return { kind: 'pending' };
  return { kind: 'retry', outcome: 'connected' };
}

/**
 * The pause before attempt `attemptsMade + 1`: `retryDelays[attemptsMade - 1]`, the last one
 * repeating. Delays are ISO 8601 durations (`PT4H`, `P1D`).
 */
export function retryDelay(retryDelays: readonly string[], attemptsMade: number): Duration {
  const text = retryDelays[Math.min(Math.max(attemptsMade - 1, 0), retryDelays.length - 1)];
  return Duration.fromISO(text);
}

/** Whether `text` is an ISO 8601 duration of at least one minute and at most 30 days. */
export function isRetryDelay(text: string): boolean {
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return false;
  const ms = duration.as('milliseconds');
  return ms >= 60_000 && ms <= 30 * 86_400_000;
}

/**
 * The first instant at or after `at` inside the calling window, read in the candidate's own zone
 * (IANA), on one of `weekdays` (ISO: 1 = Monday … 7 = Sunday). Wall-clock hours hold across DST:
 * a retry due at night waits for the local morning.
 * @throws Error when `weekdays` is empty
 */
export function nextCallingTime(at: Date, zone: string, window: CallingWindow, weekdays: readonly number[]): Date {
  if (weekdays.length === 0) throw new Error('no calling weekday');
  let local = DateTime.fromJSDate(at, { zone });
  for (let day = 0; day < 8; day++) {
    const minute = local.hour * 60 + local.minute;
    if (weekdays.includes(local.weekday) && minute >= window.start && minute < window.end) return local.toJSDate();
    const opens = local.set({
      hour: Math.floor(window.start / 60),
      minute: window.start % 60,
      second: 0,
      millisecond: 0,
    });
    local = weekdays.includes(local.weekday) && minute < window.start ? opens : opens.plus({ days: 1 });
  }
  return local.toJSDate();
}

/** What follows a settled attempt that did not decide. */
export type AfterAttempt = { state: 'retry_scheduled'; nextAttemptAt: Date } | { state: 'exhausted' };

/**
 * After an undecided attempt: the next one after the cadence, moved into the candidate's calling
 * hours, or `exhausted` once `maxAttempts` are used.
 */
export function afterUndecidedAttempt(input: {
  attemptsMade: number;
  maxAttempts: number;
  retryDelays: readonly string[];
  now: Date;
  zone: string;
  window: CallingWindow;
  weekdays: readonly number[];
}): AfterAttempt {
  if (input.attemptsMade >= input.maxAttempts) return { state: 'exhausted' };
  // In the candidate's zone, so that P1D is the same local time the next day across a DST change.
  const due = DateTime.fromJSDate(input.now, { zone: input.zone })
    .plus(retryDelay(input.retryDelays, input.attemptsMade))
    .toJSDate();
  return { state: 'retry_scheduled', nextAttemptAt: nextCallingTime(due, input.zone, input.window, input.weekdays) };
}

/**
 * The pause before re-trying a dial that Retell refused for load (429 or 5xx): not an attempt.
 * Exponential from 30 s, at most 15 minutes; `failures` counts consecutive such refusals (≥ 1).
 */
export function dialBackoffMs(failures: number): number {
  return Math.min(30_000 * 2 ** Math.max(failures - 1, 0), 15 * 60_000);
}

/**
 * How many calls a campaign may start now: its own cap less its calls in progress, within what
 * Retell leaves free (its concurrency limit less every call in progress, with `reserved` kept
 * for manual calls), and within the day's limits.
 */
export function dialCapacity(input: {
  maxConcurrentCalls: number;
  campaignActive: number;
  retellLimit: number | null;
  retellActive: number | null;
  reserved: number;
  dailyCallLimit: number | null;
  callsToday: number;
  dailyBudgetCents: number | null;
  spentTodayCents: number;
}): number {
  let free = input.maxConcurrentCalls - input.campaignActive;
  if (input.retellLimit !== null && input.retellActive !== null) {
    free = Math.min(free, input.retellLimit - input.reserved - input.retellActive);
  }
  if (input.dailyCallLimit !== null) free = Math.min(free, input.dailyCallLimit - input.callsToday);
  if (input.dailyBudgetCents !== null && input.spentTodayCents >= input.dailyBudgetCents) free = 0;
  return Math.max(0, free);
}
