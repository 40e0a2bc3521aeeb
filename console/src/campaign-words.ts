import type { Schemas } from './api/client';

export type Campaign = Schemas['CampaignView'];
export type CampaignMember = Schemas['CampaignCandidateView'];
export type MemberState = CampaignMember['state'];
export type Counts = Campaign['counts'];

export const MEMBER_STATES: MemberState[] = [
  'queued',
  'calling',
  'retry_scheduled',
  'completed',
  'exhausted',
  'skipped',
  'cancelled',
];

/** States after which a candidate gets no more calls from the campaign. */
const FINISHED: MemberState[] = ['completed', 'exhausted', 'skipped', 'cancelled'];

/** Candidates in the campaign, and those it is done with. */
export function progressOf(counts: Counts): { finished: number; total: number } {
  const total = MEMBER_STATES.reduce((sum, state) => sum + counts[state], 0);
  return { finished: FINISHED.reduce((sum, state) => sum + counts[state], 0), total };
}

/** Candidates that would still be called: queued or waiting for a retry (not those on a call now). */
export function waitingOf(counts: Counts): number {
  return counts.queued + counts.retry_scheduled;
}

/** ISO weekdays, 1 = Monday. */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const OUTCOMES: Record<NonNullable<CampaignMember['last_outcome']>, string> = {
  interview_scheduled: 'Interview booked',
  not_interested: 'Not interested',
  do_not_call: 'Asked not to be called',
  decided_by_recruiter: 'Decided by a recruiter',
  connected: 'Talked, no decision',
  voicemail: 'Voicemail',
  no_answer: 'No answer',
  busy: 'Busy',
  dial_failed: 'The call could not be placed',
};

const SKIP_REASONS: Record<NonNullable<CampaignMember['skip_reason']>, string> = {
  do_not_call: 'Do not call',
  no_phone: 'No phone number',
  erased: 'Candidate erased',
  already_decided: 'Already decided (interviewing or closed)',
  in_another_campaign: 'Being called by another campaign',
};

/** What the last attempt came to, in words. */
export function outcomeInWords(outcome: CampaignMember['last_outcome']): string {
  return outcome ? OUTCOMES[outcome] : '—';
}

/** Why the campaign does not call a candidate, in words. */
export function skipReasonInWords(reason: CampaignMember['skip_reason']): string {
  return reason ? SKIP_REASONS[reason] : '—';
}
