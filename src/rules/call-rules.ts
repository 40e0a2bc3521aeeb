import type { CandidateStatus } from '../database/entities/candidate-status.js';
import { isRecord, type RetellCallObject } from '../retell/retell-call-object.js';

/**
 * The state rules of call ingestion, as small pure functions. They make the result independent of
 * webhook order: Retell sends events in order but does not wait, so a retried `call_started` can
 * arrive after `call_analyzed`.
 */

const STATUS_RANK: Record<string, number> = {
  dialing: 0,
  registered: 1,
  ongoing: 2,
  ended: 3,
  error: 3,
  not_connected: 3,
  failed: 3,
};

function rank(status: unknown): number {
  return typeof status === 'string' ? (STATUS_RANK[status] ?? -1) : -1;
}

/** `call_status` only moves forward: registered < ongoing < ended | error | not_connected. */
export function laterCallStatus(stored: unknown, incoming: unknown): unknown {
  return rank(incoming) > rank(stored) ? incoming : stored;
}

/**
 * How far along a call object is: 0 registered, 1 ongoing, 2 ended (any terminal status),
 * 3 analysed. A later stage carries a superset of an earlier one's fields.
 */
export function callStage(call: Record<string, unknown>): number {
  if (isRecord(call.call_analysis)) return 3;
  const status = rank(call.call_status);
  if (status >= 3) return 2;
  return status === 2 ? 1 : 0;
}

/** Deep-merges plain objects; `patch` values that are null or absent never erase `base`. Arrays are replaced whole. */
function mergeDefined(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) continue;
    const current = Object.hasOwn(merged, key) ? merged[key] : undefined;
    const next = isRecord(value) ? mergeDefined(isRecord(current) ? current : {}, value) : value;
    // defineProperty, not assignment: a JSON key "__proto__" must stay data, never a prototype.
    Object.defineProperty(merged, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

/**
 * Folds an incoming call object into the stored one, whatever the order of arrival.
 * An incoming object of the same or a later stage overwrites the fields it carries; one of an
 * earlier stage only fills gaps. Absent fields never erase, and `call_status` never moves back.
 */
export function mergeCallObject(stored: RetellCallObject | null, incoming: RetellCallObject): RetellCallObject {
  if (!stored) return mergeDefined({}, incoming) as RetellCallObject;
  const merged =
    callStage(incoming) >= callStage(stored) ? mergeDefined(stored, incoming) : mergeDefined(incoming, stored);
  merged.call_status = laterCallStatus(stored.call_status, incoming.call_status);
  return merged as RetellCallObject;
}

/**
 * Disconnection reasons of a call that never reached a person or a voicemail box (Retell's
 * `disconnection_reason` values): analytics counts them as not connected.
 */
export const DIAL_FAILURES: readonly string[] = [
  'ivr_reached',
  'dial_busy',
  'dial_failed',
  'dial_no_answer',
  'invalid_destination',
  'telephony_provider_permission_denied',
  'telephony_provider_unavailable',
  'sip_routing_error',
  'marked_as_spam',
  'user_declined',
  'registered_call_timeout',
  'concurrency_limit_reached',
  'no_concurrency_fallback',
  'no_valid_payment',
  'scam_detected',
  'error_user_not_joined',
];

/** Disconnection reasons after which nobody spoke with the candidate: never a rejection. */
const NOT_REACHED = new Set(['voicemail_reached', ...DIAL_FAILURES]);

/** What a call says about the candidate's pipeline status, or null when it says nothing. */
export type CallVerdict = 'contacted' | 'interviewing' | 'rejected' | null;

/** The candidate fields that decide a {@link CallVerdict}. */
export interface VerdictInput {
  retell_call_status: string | null;
  retell_disconnection_reason: string | null;
  retell_in_voicemail: boolean | null;
  retell_interview_scheduled: boolean | null;
  retell_call_outcome: string | null;
}

/**
 * Seed 002's rules: `interview_scheduled: true` → interviewing; outcome "Not Interested" → rejected.
 * A call that ended after reaching the person otherwise counts as contacted. A failed dial, a
 * voicemail or no answer says nothing.
 */
export function callVerdict(call: VerdictInput): CallVerdict {
  const reached =
    call.retell_call_status === 'ended' &&
    call.retell_in_voicemail !== true &&
    call.retell_call_outcome !== 'Voicemail Left' &&
    !NOT_REACHED.has(call.retell_disconnection_reason ?? '');
  if (!reached) return null;
  if (call.retell_interview_scheduled === true) return 'interviewing';
  if (call.retell_call_outcome === 'Not Interested') return 'rejected';
  return 'contacted';
}

const CLOSED: ReadonlySet<CandidateStatus> = new Set(['hired', 'withdrawn']);

/**
 * The candidate's status after a call's verdict changed from `before` to `after`.
 * Only a change of verdict moves the status, so a replayed or late event never undoes a
 * recruiter's own decision; call data never moves a candidate out of hired or withdrawn, and
 * `contacted` only ever follows `new`.
 */
export function nextCandidateStatus(
  current: CandidateStatus,
  before: CallVerdict,
  after: CallVerdict,
): CandidateStatus {
  if (CLOSED.has(current) || after === null || after === before) return current;
  if (after === 'contacted') return current === 'new' ? 'contacted' : current;
  return after;
}

/**
 * The candidate's status after the verdict of a call OLDER than its current one changed (its
 * events arrived late). The result is what in-order delivery would have given: the most recent
 * decisive verdict wins, so the late call decides only when no newer call decided.
 * @param newerCallDecided whether a more recent call of the candidate has a decisive verdict
 */
export function lateCallStatus(
  current: CandidateStatus,
  before: CallVerdict,
  after: CallVerdict,
  newerCallDecided: boolean,
): CandidateStatus {
  if (CLOSED.has(current) || after === null || after === before) return current;
  if (after === 'contacted') return current === 'new' ? 'contacted' : current;
  return newerCallDecided ? current : after;
}

/**
 * Orders a candidate's calls: Retell's `start_timestamp` (epoch ms), else its `end_timestamp`,
 * else when this service first saw the call (a failed dial never starts).
 */
export function callRecency(call: {
  start_timestamp: number | null;
  end_timestamp: number | null;
  created_at: Date;
}): number {
  return call.start_timestamp ?? call.end_timestamp ?? call.created_at.getTime();
}
