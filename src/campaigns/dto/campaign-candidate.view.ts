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

/** The screening answers of the candidate's calls (custom analysis fields), for ranking. */
export class ScreeningAnswersView {
  @ApiProperty({ type: Boolean, nullable: true })
  is_qualified: boolean | null;

  @ApiProperty({ type: String, nullable: true, example: 'High', description: 'High, Medium, Low or Not Interested' })
  interest_level: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 6 })
  years_of_experience: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 135000,
    description: 'dollars',
  })
  salary_expectation: number | null;

  @ApiProperty({ type: [String], nullable: true, example: ['TypeScript', 'PostgreSQL'] })
  technical_skills: string[] | null;
}

/** A candidate in a campaign: where it stands, its attempts and the next one. Instants are ISO 8601 UTC. */
export class CampaignCandidateView {
  @ApiProperty({ type: 'integer', description: "the candidate's place in the campaign (kept after an erasure)" })
  id: number;

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
    description:
      "the IANA zone the candidate's calling hours are read in: its own, else DEFAULT_TIMEZONE; null once erased",
  })
  timezone: string | null;

  @ApiProperty({ type: String, nullable: true, description: "Retell's call_id of the latest attempt" })
  last_call_id: string | null;

  @ApiProperty({ enum: ATTEMPT_OUTCOMES, nullable: true })
  last_outcome: AttemptOutcome | null;

  @ApiProperty({ type: () => ScreeningAnswersView })
  screening: ScreeningAnswersView;

  @ApiProperty({ type: 'integer', description: 'screening rank: higher is better (the order of sort=rank)' })
  rank: number;

  @ApiProperty()
  updated_at: Date;
}

export class CampaignCandidatePage extends PageOf(CampaignCandidateView, 'CampaignCandidatePage') {}

/** The view of a member row (joined with its candidate and latest call); `defaultZone` is DEFAULT_TIMEZONE. */
export function toCampaignCandidateView(row: CampaignMemberRow, defaultZone: string): CampaignCandidateView {
  return {
    id: row.id,
    candidate_id: row.candidate_id,
    name: row.first_name === null ? null : `${row.first_name} ${row.last_name ?? ''}`.trim(),
    state: row.state,
    skip_reason: row.skip_reason,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    timezone: row.candidate_id === null ? null : (row.timezone ?? defaultZone),
    last_call_id: row.last_call_id,
    last_outcome: row.last_outcome,
    screening: {
      is_qualified: row.is_qualified,
      interest_level: row.interest_level,
      years_of_experience: row.years_of_experience,
      salary_expectation: row.salary_expectation,
      technical_skills: row.technical_skills,
    },
    rank: row.rank,
    updated_at: row.updated_at,
  };
}
