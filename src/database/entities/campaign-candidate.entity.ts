import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AttemptOutcome, CampaignCandidateState, SkipReason } from './campaign-states.js';

/**
 * A candidate in a campaign: where it stands (`state`), the attempts made, when the next is due,
 * and what the last one came to. `candidate_id` is null once the candidate was erased.
 */
@Entity('campaign_candidates')
export class CampaignCandidate {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'integer' })
  campaign_id: number;

  @Column({ type: 'integer', nullable: true })
  candidate_id: number | null;

  @Column({ type: 'text', default: 'queued' })
  state: CampaignCandidateState;

  @Column({ type: 'text', nullable: true })
  skip_reason: SkipReason | null;

  /** Calls placed by this campaign (a dial Retell refused for load is not one). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  next_attempt_at: Date | null;

  /** Consecutive dials refused by Retell for load (429, 5xx), for the backoff. */
  @Column({ type: 'integer', default: 0 })
  dial_failures: number;

  /** The `retell_calls` row of the latest attempt. */
  @Column({ type: 'integer', nullable: true })
  last_attempt_id: number | null;

  @Column({ type: 'text', nullable: true })
  last_outcome: AttemptOutcome | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;
}
