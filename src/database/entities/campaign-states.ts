/** The states of campaigns and of their candidates, as stored (`campaigns.status`, `campaign_candidates.state`). */

/** A campaign's lifecycle: `draft` → `running` ⇄ `paused` → `completed` or `cancelled`. */
export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Where a candidate stands in a campaign. */
export const CAMPAIGN_CANDIDATE_STATES = [
  'queued',
  'calling',
  'retry_scheduled',
  'completed',
  'exhausted',
  'skipped',
  'cancelled',
] as const;
export type CampaignCandidateState = (typeof CAMPAIGN_CANDIDATE_STATES)[number];

/** The states of a candidate that still has an attempt to make or a call to finish. */
export const OPEN_STATES: readonly CampaignCandidateState[] = ['queued', 'calling', 'retry_scheduled'];

/** Why a candidate gets no call from a campaign. */
export const SKIP_REASONS = ['do_not_call', 'no_phone', 'erased', 'already_decided', 'in_another_campaign'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** What a campaign's attempt came to (`last_outcome`). */
export const ATTEMPT_OUTCOMES = [
  'interview_scheduled',
  'not_interested',
  'do_not_call',
  'decided_by_recruiter',
  'connected',
  'voicemail',
  'no_answer',
  'busy',
  'dial_failed',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
