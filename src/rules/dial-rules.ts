import type { DialRefusal } from '../common/errors.js';
import type { Candidate } from '../database/entities/candidate.entity.js';

/** Why a call must not be placed, before the calling window is checked; the `details.reason` of a 409. */
export type PreWindowRefusal = Exclude<DialRefusal, 'outside_calling_hours'>;

/** Call statuses of a call that may still ring or is ringing. */
export const ACTIVE_CALL_STATUSES = ['dialing', 'registered', 'ongoing'] as const;

const CLOSED_STATUSES = new Set(['hired', 'rejected', 'withdrawn']);

/** What the dial rules need to know of a candidate's calls. */
export interface CallHistorySummary {
  /** Calls still dialing, registered or ongoing. */
  active: number;
  /** Calls that reached Retell (every call except those Retell refused). */
  attempts: number;
}

/**
 * The refusals checked before any call, in order (the calling window is checked after them).
 * Pure: the caller holds the candidate's row lock while it reads `history`.
 */
export function dialRefusal(
  candidate: Pick<Candidate, 'do_not_call' | 'status'>,
  history: CallHistorySummary,
  maxAttempts: number,
): PreWindowRefusal | null {
  if (candidate.do_not_call) return 'do_not_call';
  if (CLOSED_STATUSES.has(candidate.status)) return 'candidate_closed';
  if (history.active > 0) return 'call_in_progress';
  if (history.attempts >= maxAttempts) return 'attempts_exhausted';
  return null;
}

/** Inputs of the agent prompt's dynamic variables. */
export interface DynamicVariableInput {
  candidate: Pick<Candidate, 'first_name' | 'last_name' | 'position' | 'company'>;
  recruiter?: string;
  extra?: Record<string, string>;
}

/**
 * The `retell_llm_dynamic_variables` of a call (Retell accepts string values only). The agent
 * prompt can use `{{candidate_first_name}}`, `{{candidate_name}}`, `{{position}}`, `{{company}}`
 * and `{{recruiter_name}}`; a request's own `dynamic_variables` are added and win on a clash.
 * Empty values are left out rather than sent as "".
 */
export function dynamicVariables({ candidate, recruiter, extra }: DynamicVariableInput): Record<string, string> {
  const base: Record<string, string | null | undefined> = {
    candidate_first_name: candidate.first_name,
    candidate_name: `${candidate.first_name} ${candidate.last_name}`.trim(),
    position: candidate.position,
    company: candidate.company,
    recruiter_name: recruiter,
  };
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...base, ...extra })) {
    if (typeof value === 'string' && value.trim() !== '') variables[key] = value;
  }
  return variables;
}
