import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The tombstone of an erased candidate: its id and when, nothing else. An event whose
 * `metadata.candidate_id` names it and that finds no candidate (a call still being placed when
 * the candidate was erased, or placed elsewhere) is stored without its payload, and its call gets
 * a tombstone of its own. Candidate ids are never reused (an identity column).
 */
@Entity('erased_candidates')
export class ErasedCandidate {
  @PrimaryColumn({ type: 'integer' })
  candidate_id: number;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  erased_at: Date;
}
