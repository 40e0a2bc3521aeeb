import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CampaignStatus } from './campaign-states.js';

/**
 * An outreach campaign: what each of its calls carries (`job_id`, agent, dynamic variables), its
 * retry cadence and limits, and its lifecycle (`draft` → `running` ⇄ `paused` → `completed` or `cancelled`).
 */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'draft' })
  status: CampaignStatus;

  @Column({ type: 'text', nullable: true })
  job_id: string | null;

  /** Retell agent of every call (`override_agent_id`); null: RETELL_AGENT_ID. */
  @Column({ type: 'text', nullable: true })
  agent_id: string | null;

  @Column({ type: 'text', nullable: true })
  recruiter: string | null;

  /** String values merged over the candidate's own variables (`retell_llm_dynamic_variables`). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  dynamic_variables: Record<string, string>;

  @Column({ type: 'integer', default: 3 })
  max_attempts: number;

  /** ISO 8601 durations between attempts; the last one repeats. */
  @Column({ type: 'jsonb', default: () => `'["PT4H","P1D"]'` })
  retry_delays: string[];

  @Column({ type: 'integer', default: 5 })
  max_concurrent_calls: number;

  /** ISO weekdays (1 = Monday … 7 = Sunday) on which calls are placed, in each candidate's zone. */
  @Column({ type: 'jsonb', default: () => `'[1,2,3,4,5]'` })
  calling_days: number[];

  @Column({ type: 'integer', nullable: true })
  daily_call_limit: number | null;

  /** US cents per day, counted from Retell's `call_cost.combined_cost`. */
  @Column({ type: 'integer', nullable: true })
  daily_budget_cents: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  started_at: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finished_at: Date | null;
}
