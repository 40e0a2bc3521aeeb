import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Candidate } from './candidate.entity.js';
import { bigintToNumber } from '../transformers.js';
import type { RetellCallObject } from '../../retell/retell-call-object.js';

/**
 * One call to a candidate: the call history. `call` is the latest merged Retell call object;
 * the scalar columns are derived from it for queries. Timestamps ending in `_timestamp` are epoch
 * milliseconds from Retell's call object.
 */
@Entity('retell_calls')
@Index('IDX_retell_calls_candidate', ['candidate_id', 'created_at'])
@Index('UQ_retell_calls_attempt', ['candidate_id', 'attempt'], { unique: true, where: '"attempt" IS NOT NULL' })
@Index('IDX_retell_calls_status', ['call_status', 'created_at'])
@Index('IDX_retell_calls_decisive', ['candidate_id', 'recency_ms'], {
  where: `"verdict" IN ('interviewing', 'rejected')`,
})
@Index('IDX_retell_calls_started', ['start_timestamp'])
@Index('IDX_retell_calls_unstarted', ['created_at'], { where: '"start_timestamp" IS NULL' })
@Check('CHK_retell_calls_verdict', `"verdict" IN ('contacted', 'interviewing', 'rejected')`)
export class RetellCall {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text', nullable: true, unique: true })
  call_id: string | null;

  @Column({ type: 'integer' })
  candidate_id: number;

  @ManyToOne(() => Candidate, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'FK_retell_calls_candidate' })
  candidate?: Candidate;

  @Column({ type: 'text' })
  call_status: string;

  @Column({ type: 'text', nullable: true })
  call_type: string | null;

  @Column({ type: 'text', nullable: true })
  agent_id: string | null;

  @Column({ type: 'integer', nullable: true })
  attempt: number | null;

  @Column({ type: 'text', nullable: true })
  job_id: string | null;

  @Column({ type: 'text', nullable: true })
  recruiter: string | null;

  /** The campaign that placed the call; null for a recruiter's own call. */
  @Column({ type: 'integer', nullable: true })
  campaign_id: number | null;

  @Column({ type: 'text', nullable: true })
  dial_error: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  start_timestamp: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  end_timestamp: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  duration_ms: number | null;

  @Column({ type: 'text', nullable: true })
  disconnection_reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  call_analysis: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  call: RetellCallObject | null;

  /** What the call says about the candidate's status (call-rules `callVerdict`), written by the applier. */
  @Column({ type: 'text', nullable: true })
  verdict: 'contacted' | 'interviewing' | 'rejected' | null;

  /** The call's place in the candidate's history (call-rules `callRecency`), epoch ms, written by the applier. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  recency_ms: number | null;

  // Analytics columns, written by the applier from the call object (mapper `CallRecordFields`).

  @Column({ type: 'boolean', nullable: true })
  in_voicemail: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  call_successful: boolean | null;

  @Column({ type: 'text', nullable: true })
  user_sentiment: string | null;

  @Column({ type: 'boolean', nullable: true })
  interview_scheduled: boolean | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'text', nullable: true })
  interest_level: string | null;

  /** Retell's `call_cost.combined_cost`, in cents (may be fractional). */
  @Column({ type: 'double precision', nullable: true })
  combined_cost: number | null;

  /** The agreed interview time's ISO weekday (Monday = 1), local to the zone it was agreed in. */
  @Column({ type: 'smallint', nullable: true })
  interview_weekday: number | null;

  /** The agreed interview time's hour (0–23), local to the zone it was agreed in. */
  @Column({ type: 'smallint', nullable: true })
  interview_hour: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;
}
