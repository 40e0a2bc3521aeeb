import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/paging.js';
import type { Campaign } from '../../database/entities/campaign.entity.js';
import {
  CAMPAIGN_CANDIDATE_STATES,
  CAMPAIGN_STATUSES,
  type CampaignCandidateState,
  type CampaignStatus,
} from '../../database/entities/campaign-states.js';

/** A campaign's candidates per state; every state is present. */
export type CampaignCounts = Record<CampaignCandidateState, number>;

/** A campaign as the API shows it: settings, lifecycle and candidates per state. Instants are ISO 8601 UTC. */
export class CampaignView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: CAMPAIGN_STATUSES })
  status: CampaignStatus;

  @ApiProperty({ type: String, nullable: true })
  job_id: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null: RETELL_AGENT_ID' })
  agent_id: string | null;

  @ApiProperty({ type: String, nullable: true })
  recruiter: string | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  dynamic_variables: Record<string, string>;

  @ApiProperty({ type: 'integer' })
  max_attempts: number;

  @ApiProperty({ type: [String], example: ['PT4H', 'P1D'] })
  retry_delays: string[];

  @ApiProperty({ type: 'integer' })
  max_concurrent_calls: number;

  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays' })
  calling_days: number[];

  @ApiProperty({ type: 'integer', nullable: true })
  daily_call_limit: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'US cents' })
  daily_budget_cents: number | null;

  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(CAMPAIGN_CANDIDATE_STATES.map((state) => [state, { type: 'integer' }])),
    required: [...CAMPAIGN_CANDIDATE_STATES],
    // `required` above lists the states; this says that `counts` itself is always present.
    selfRequired: true,
    description: 'candidates per state',
  })
  counts: CampaignCounts;

  @ApiProperty()
  created_at: Date;

  @ApiProperty({ type: Date, nullable: true })
  started_at: Date | null;

  @ApiProperty({ type: Date, nullable: true })
  finished_at: Date | null;
}

export class CampaignPage extends PageOf(CampaignView, 'CampaignPage') {}

/** The view of a campaign row with its counts (states without candidates count 0). */
export function toCampaignView(
  campaign: Campaign,
  counts: ReadonlyMap<CampaignCandidateState, number> = new Map(),
): CampaignView {
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    job_id: campaign.job_id,
    agent_id: campaign.agent_id,
    recruiter: campaign.recruiter,
    dynamic_variables: campaign.dynamic_variables,
    max_attempts: campaign.max_attempts,
    retry_delays: campaign.retry_delays,
    max_concurrent_calls: campaign.max_concurrent_calls,
    calling_days: campaign.calling_days,
    daily_call_limit: campaign.daily_call_limit,
    daily_budget_cents: campaign.daily_budget_cents,
    counts: Object.fromEntries(
      CAMPAIGN_CANDIDATE_STATES.map((state) => [state, counts.get(state) ?? 0]),
    ) as CampaignCounts,
    created_at: campaign.created_at,
    started_at: campaign.started_at,
    finished_at: campaign.finished_at,
  };
}
