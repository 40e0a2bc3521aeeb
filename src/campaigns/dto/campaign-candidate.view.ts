import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/paging.js';
import {
  ATTEMPT_OUTCOMES,
  CAMPAIGN_CANDIDATE_STATES,
  SKIP_REASONS,
  type AttemptOutcome,
  type CampaignCandidateState,
  type SkipReason,
} from '../../database/entities/campaign-states.js';
import type { CampaignMemberRow } from '../../database/repositories/campaign-candidates.repository.js';

/** A candidate in a campaign: where it stands, its attempts and the next one. Instants are ISO 8601 UTC. */
export class CampaignCandidateView {
  @ApiProperty({ type: 'integer', nullable: true, description: 'null once the candidate was erased' })
  candidate_id: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'Sarah Chen' })
  name: string | null;

  @ApiProperty({ enum: CAMPAIGN_CANDIDATE_STATES })
  state: CampaignCandidateState;

  @ApiProperty({ enum: SKIP_REASONS, nullable: true })
  skip_reason: SkipReason | null;

  @ApiProperty({ type: 'integer', description: 'calls this campaign placed to the candidate' })
  attempts: number;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'when the next attempt is due (retry_scheduled, or queued until calling hours)',
  })
  next_attempt_at: Date | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "the candidate's IANA zone, which its calling hours are read in",
  })
  timezone: string | null;

  @ApiProperty({ type: String, nullable: true, description: "Retell's call_id of the latest attempt" })
  last_call_id: string | null;

  @ApiProperty({ enum: ATTEMPT_OUTCOMES, nullable: true })
  last_outcome: AttemptOutcome | null;

  @ApiProperty()
  updated_at: Date;
}

export class CampaignCandidatePage extends PageOf(CampaignCandidateView, 'CampaignCandidatePage') {}

/** The view of a member row (joined with its candidate and latest call). */
export function toCampaignCandidateView(row: CampaignMemberRow): CampaignCandidateView {
  return {
    candidate_id: row.candidate_id,
    name: row.first_name === null ? null : `${row.first_name} ${row.last_name ?? ''}`.trim(),
    state: row.state,
    skip_reason: row.skip_reason,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    timezone: row.timezone,
    last_call_id: row.last_call_id,
    last_outcome: row.last_outcome,
    updated_at: row.updated_at,
  };
}
