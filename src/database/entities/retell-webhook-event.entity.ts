import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../transformers.js';

/** What became of a stored event. `pending` is no longer written: an event row is stored with its outcome (earlier versions wrote `pending` inside the storing transaction). */
export const EVENT_OUTCOMES = ['pending', 'applied', 'duplicate', 'ignored', 'orphaned', 'failed'] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

/**
 * Where call data came from: Retell's webhook (`event` is Retell's type, e.g. `call_analyzed`),
 * a recruiter's manual save (`manual`), or a fetch from Retell's API (`sync`).
 */
export const MANUAL_EVENT = 'manual';
export const SYNC_EVENT = 'sync';

/**
 * Every verified delivery, stored before it is answered. `payload` is the raw body as jsonb; a
 * duplicate delivery is kept as a row of its own without payload, pointing at the original.
 * `payload` and `error` are cleared after EVENT_PAYLOAD_RETENTION_DAYS, and when the candidate is
 * erased; the row, its outcome and `body_hash` stay, so a repeat is still recognised.
 */
@Entity('retell_webhook_events')
@Index('IDX_retell_webhook_events_outcome', ['outcome', 'received_at'])
@Index('UQ_retell_webhook_events_delivery', ['call_id', 'event', 'body_hash'], {
  unique: true,
  where: '"duplicate_of" IS NULL',
})
// Erasure finds a candidate's events by candidate, and unattributed ones by the candidate their
// payload's metadata names (an expression index, declared in its migration only).
@Index('IDX_retell_webhook_events_candidate', ['candidate_id'], { where: '"candidate_id" IS NOT NULL' })
@Index('IDX_retell_webhook_events_metadata_candidate', { synchronize: false })
// Retention clears the oldest events still holding a payload or an error.
@Index('IDX_retell_webhook_events_retained', ['received_at'], { where: '"payload" IS NOT NULL OR "error" IS NOT NULL' })
@Check(
  'CHK_retell_webhook_events_outcome',
  `"outcome" IN ('pending', 'applied', 'duplicate', 'ignored', 'orphaned', 'failed')`,
)
export class RetellWebhookEvent {
  @PrimaryColumn({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'BY DEFAULT',
    transformer: bigintToNumber,
  })
  id: number;

  @Column({ type: 'text' })
  event: string;

  @Column({ type: 'text' })
  call_id: string;

  @Column({ type: 'text' })
  body_hash: string;

  @Column({ type: 'jsonb', nullable: true })
  payload: Record<string, unknown> | null;

  @Column({ type: 'text' })
  outcome: EventOutcome;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'integer', nullable: true })
  candidate_id: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  duplicate_of: number | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  received_at: Date;
}
