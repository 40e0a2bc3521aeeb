import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../transformers.js';

/**
 * An hour of `call_analytics_hours` whose calls changed after it may have been rolled up, written
 * by the `call_analytics_mark` trigger of `retell_calls` (see migration CallAnalyticsRollup). The
 * analytics queries compute a marked hour again, then delete the marks they saw.
 */
@Entity('call_analytics_marks')
@Index('IDX_call_analytics_marks_hour', ['hour_ms'])
export class CallAnalyticsMark {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  hour_ms: number;
}
