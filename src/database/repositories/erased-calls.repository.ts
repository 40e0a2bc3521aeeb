import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The condition "the call named by `callIdPlaceholder` was erased", for the event log's insert:
 * checking the tombstone there costs no round trip of its own on the webhook's hot path. The only
 * SQL of `erased_calls` outside this class, and built by it.
 */
export function isErasedCallSql(callIdPlaceholder: string): string {
  return `EXISTS (SELECT 1 FROM erased_calls WHERE call_id = ${callIdPlaceholder})`;
}

/**
 * All SQL of `erased_calls`, the tombstones of calls whose candidate was erased (call id and
 * time only). Methods run inside the caller's transaction.
 */
@Injectable()
export class ErasedCallsRepository {
  /** Records tombstones; a call erased before keeps its first time. */
  async add(manager: EntityManager, callIds: readonly string[], at: Date): Promise<void> {
    if (callIds.length === 0) return;
    await manager.query(
      `INSERT INTO erased_calls (call_id, erased_at) SELECT unnest($1::text[]), $2
       ON CONFLICT (call_id) DO NOTHING`,
      [callIds, at],
    );
  }

  async contains(manager: EntityManager, callId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM erased_calls WHERE call_id = $1', [callId]);
    return rows.length > 0;
  }

  /** Calls erased after `since`, newest first, at most `limit`. */
  async erasedSince(manager: EntityManager, since: Date, limit: number): Promise<string[]> {
    const rows: { call_id: string }[] = await manager.query(
      'SELECT call_id FROM erased_calls WHERE erased_at > $1 ORDER BY erased_at DESC LIMIT $2',
      [since, limit],
    );
    return rows.map((row) => row.call_id);
  }
}
