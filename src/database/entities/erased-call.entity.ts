import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The tombstone of a call whose candidate was erased: its Retell call id and when, nothing else.
 * Later events of the call (Retell's retries, late analyses, syncs) are recognised by it and stored
 * as `orphaned` without their payload. Kept for ever: a row holds no personal data.
 */
@Entity('erased_calls')
@Index('IDX_erased_calls_erased_at', ['erased_at'])
export class ErasedCall {
  @PrimaryColumn({ type: 'text' })
  call_id: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  erased_at: Date;
}
