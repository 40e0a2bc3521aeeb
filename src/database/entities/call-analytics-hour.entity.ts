import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../transformers.js';

/**
 * The analytics figures of one UTC hour of calls (by their analytics instant), as the analytics
 * queries rolled them up (CallAnalyticsRepository; docs/performance.md, "Analytics"). Derived
 * data: any row can be dropped and is computed again when next needed.
 */
@Entity('call_analytics_hours')
export class CallAnalyticsHour {
  /** Epoch milliseconds of the hour's start (UTC). */
  @PrimaryColumn({ type: 'bigint', transformer: bigintToNumber })
  hour_ms: number;

  /** The call classification the row was computed with; a row of another one is computed again. */
  @Column({ type: 'text' })
  definition: string;

  @Column({ type: 'integer' })
  refused: number;

  @Column({ type: 'integer' })
  error: number;

  @Column({ type: 'integer' })
  not_connected: number;

  @Column({ type: 'integer' })
  voicemail: number;

  @Column({ type: 'integer' })
  connected: number;

  @Column({ type: 'integer' })
  in_progress: number;

  @Column({ type: 'integer' })
  interviews: number;

  @Column({ type: 'integer' })
  successful: number;

  /** Connected calls' durations: their sum and count (ms), and every one of them, ascending (for exact percentiles). */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  duration_sum: number;

  @Column({ type: 'integer' })
  duration_n: number;

  @Column({ type: 'bigint', array: true })
  durations: string[];

  /** Cents of every call that reached Retell, summed exactly (numeric). */
  @Column({ type: 'numeric' })
  cost: string;

  /** Analysed calls by dimension and value: `{ outcomes: { "Interview Scheduled": 3 }, ..., slots: { "301": 2 } }`. */
  @Column({ type: 'jsonb' })
  value_counts: Record<string, Record<string, number>>;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  computed_at: Date;
}
