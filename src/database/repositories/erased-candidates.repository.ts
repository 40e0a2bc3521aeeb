import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * All SQL of `erased_candidates`, the tombstones of erased candidates (id and time only).
 * Methods run inside the caller's transaction.
 */
@Injectable()
export class ErasedCandidatesRepository {
  async add(manager: EntityManager, candidateId: number, at: Date): Promise<void> {
    await manager.query(
      'INSERT INTO erased_candidates (candidate_id, erased_at) VALUES ($1, $2) ON CONFLICT (candidate_id) DO NOTHING',
      [candidateId, at],
    );
  }

  async contains(manager: EntityManager, candidateId: number): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM erased_candidates WHERE candidate_id = $1', [
      candidateId,
    ]);
    return rows.length > 0;
  }
}
