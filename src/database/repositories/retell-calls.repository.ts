import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RetellCallObject } from '../../retell/retell-call-object.js';
import { RetellCall } from '../entities/retell-call.entity.js';
import type { Statement } from '../sql-statement.js';
import { queryPrepared } from '../prepared-query.js';
import { instant, int, intOrNull } from '../row-values.js';
import { isErasedCallSql } from './erased-calls.repository.js';
import { isDeliveredSql } from './retell-webhook-events.repository.js';

/** What ordering calls needs of a call record: Retell's timestamps (epoch ms) and when it was stored. */
export interface CallRecency {
  start_timestamp: number | null;
  end_timestamp: number | null;
  created_at: Date;
}

/** A call record as applying reads it. */
export interface LockedCall extends CallRecency {
  id: number;
  candidate_id: number;
  call: RetellCallObject | null;
}

/** Rows arrive as JSON (row_to_json) or from the driver: bigints and dates normalised. */
function asLockedCall(row: LockedCall): LockedCall {
  return {
    id: int(row.id),
    candidate_id: int(row.candidate_id),
    call: row.call ?? null,
    start_timestamp: intOrNull(row.start_timestamp),
    end_timestamp: intOrNull(row.end_timestamp),
    created_at: instant(row.created_at),
  };
}

const LOCKED_COLUMNS = 'id, candidate_id, call, start_timestamp, end_timestamp, created_at';

/**
 * Locks the call and reads the recency of the candidate's current call, in a statement of its own
 * run after the candidate lock: its snapshot, taken once that lock was granted, then sees what the
 * previous holder committed. `now` is the transaction's clock at `created_at`'s precision: the
 * `created_at` a call inserted in this transaction gets. The same statement reads whether the call
 * was erased and, for a delivery (`$3` event, `$4` body hash), whether it is stored already.
 */
function lockCallSql(delivery: boolean): string {
  return `
WITH locked_call AS (
  SELECT ${LOCKED_COLUMNS} FROM retell_calls WHERE call_id = $1 FOR UPDATE
)
SELECT (SELECT row_to_json(r) FROM locked_call r) AS call,
       (SELECT json_build_object('id', r.id, 'candidate_id', r.candidate_id, 'start_timestamp', r.start_timestamp,
                                 'end_timestamp', r.end_timestamp, 'created_at', r.created_at)
          FROM retell_calls r WHERE r.call_id = $2 AND r.call_id <> $1) AS current,
       now()::timestamptz(3) AS now,
       ${isErasedCallSql('$1')} AS erased,
       ${delivery ? isDeliveredSql('$1', '$3', '$4') : 'false'} AS delivered`;
}

const LOCK_CALL_SQL = lockCallSql(false);
const LOCK_CALL_FOR_DELIVERY_SQL = lockCallSql(true);

/** What {@link RetellCallsRepository.lockWithCurrent} read. */
export interface LockedCallState {
  call: LockedCall | null;
  current: LockedCall | null;
  now: Date;
  /** The call was erased (a tombstone in `erased_calls`): nothing of it may be applied. */
  erased: boolean;
  /** The delivery is stored already: it is a duplicate. */
  delivered: boolean;
}

/**
 * All SQL of `retell_calls`, the call history. Methods given an `EntityManager` run inside the
 * caller's transaction; the others read on their own.
 */
@Injectable()
export class RetellCallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The candidate a stored call belongs to, or null when the call is not stored. */
  async ownerOf(manager: EntityManager, callId: string): Promise<number | null> {
    const [row] = await manager.query<{ candidate_id: number }[]>(
      'SELECT candidate_id FROM retell_calls WHERE call_id = $1',
      [callId],
    );
    return row ? int(row.candidate_id) : null;
  }

  /**
   * Locks the call record of `callId` and reads the recency of `currentCallId` (the candidate's
   * mirrored call), whether the call was erased and whether `delivery` (`event`, `bodyHash`) is
   * stored already, in one round trip. Call it holding the candidate's lock.
   * @returns also `now`, the `created_at` of a call record inserted in this transaction
   */
  async lockWithCurrent(
    manager: EntityManager,
    callId: string,
    currentCallId: string | null,
    delivery?: { event: string; bodyHash: string },
  ): Promise<LockedCallState> {
    const [row] = await queryPrepared<{
      call: LockedCall | null;
      current: LockedCall | null;
      now: Date | string;
      erased: boolean;
      delivered: boolean;
    }>(
      manager,
      delivery ? LOCK_CALL_FOR_DELIVERY_SQL : LOCK_CALL_SQL,
      delivery ? [callId, currentCallId, delivery.event, delivery.bodyHash] : [callId, currentCallId],
    );
    return {
      call: row.call ? asLockedCall(row.call) : null,
      current: row.current ? asLockedCall(row.current) : null,
      now: instant(row.now),
      erased: row.erased,
      delivered: row.delivered,
    };
  }

  /** Locks the attempt row written before dialling (no `call_id` yet), if there is one. */
  async lockPlacedAttempt(manager: EntityManager, candidateId: number, attempt: number): Promise<LockedCall | null> {
    const [row] = await manager.query<LockedCall[]>(
      `SELECT ${LOCKED_COLUMNS} FROM retell_calls
       WHERE candidate_id = $1 AND attempt = $2 AND call_id IS NULL FOR UPDATE`,
      [candidateId, attempt],
    );
    return row ? asLockedCall(row) : null;
  }

  /**
   * Adds the write of a call record to a batched statement: an update of record `id`, or an insert
   * when `id` is null. `created_at` and `updated_at` come from the database clock, never the host's.
   */
  addCallWrite(statement: Statement, id: number | null, columns: Record<string, unknown>): void {
    statement.add(
      id === null
        ? statement.insert('retell_calls', columns)
        : `UPDATE retell_calls SET ${statement.assign(columns)}, updated_at = now() WHERE id = ${statement.param(id)}`,
    );
  }

  /**
   * A condition for a batched statement: "another call of the candidate, more recent than
   * `recencyMs` (epoch ms, call-rules `callRecency`), has a decisive verdict". One probe of the
   * partial index `IDX_retell_calls_decisive`, whatever the number of calls the candidate has.
   * It reads the statement's snapshot: call it holding the candidate's lock, so that every call
   * write of the candidate committed before is seen.
   */
  newerDecisiveCall(statement: Statement, candidateId: number, recencyMs: number, callId: string): string {
    return `EXISTS (SELECT 1 FROM retell_calls
      WHERE candidate_id = ${statement.param(candidateId)} AND verdict IN ('interviewing', 'rejected')
        AND recency_ms > ${statement.param(recencyMs)} AND call_id <> ${statement.param(callId)})`;
  }

  /** The candidate's most recent call with a call object, by Retell's timestamps then storage order. */
  async latestOf(manager: EntityManager, candidateId: number): Promise<RetellCallObject | null> {
    const [row] = await manager.query<{ call: RetellCallObject }[]>(
      `SELECT call FROM retell_calls WHERE candidate_id = $1 AND call IS NOT NULL
       ORDER BY coalesce(start_timestamp, end_timestamp) DESC NULLS LAST, created_at DESC, id DESC LIMIT 1`,
      [candidateId],
    );
    return row?.call ?? null;
  }

  /** The Retell call ids of the candidate's calls (attempts Retell never accepted have none). */
  async callIdsOf(manager: EntityManager, candidateId: number): Promise<string[]> {
    const rows: { call_id: string }[] = await manager.query(
      'SELECT call_id FROM retell_calls WHERE candidate_id = $1 AND call_id IS NOT NULL',
      [candidateId],
    );
    return rows.map((row) => row.call_id);
  }

  /** Those of `callIds` that have a call record (whoever owns it). */
  async recordedCallIds(manager: EntityManager, callIds: readonly string[]): Promise<string[]> {
    if (callIds.length === 0) return [];
    const rows: { call_id: string }[] = await manager.query(
      'SELECT call_id FROM retell_calls WHERE call_id = ANY($1::text[])',
      [callIds],
    );
    return rows.map((row) => row.call_id);
  }

  findById(id: number): Promise<RetellCall | null> {
    return this.dataSource.getRepository(RetellCall).findOneBy({ id });
  }

  findByCallId(callId: string): Promise<RetellCall | null> {
    return this.dataSource.getRepository(RetellCall).findOneBy({ call_id: callId });
  }

  /** The candidate's calls, newest first. */
  listForCandidate(candidateId: number, limit: number): Promise<RetellCall[]> {
    return this.dataSource.getRepository(RetellCall).find({
      where: { candidate_id: candidateId },
      order: { created_at: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
