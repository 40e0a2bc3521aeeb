import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventOutcome, RetellWebhookEvent } from '../entities/retell-webhook-event.entity.js';
import type { Statement } from '../sql-statement.js';
import { METADATA_CANDIDATE_SQL } from '../metadata-candidate.js';
import { isErasedCallSql } from './erased-calls.repository.js';
import { instant, int, intOrNull } from '../row-values.js';

/** One delivery to record: `payload` is the JSON text exactly as received. */
export interface Delivery {
  event: string;
  callId: string;
  bodyHash: string;
  payload: string;
}

/** A stored event as replay reads it. */
export interface StoredEvent {
  event: string;
  payload: unknown;
  outcome: EventOutcome;
  candidate_id: number | null;
  duplicate_of: number | null;
  /** The row's version (Postgres' `xmin`): it changes with every committed update of the row. */
  version: string;
}

/** Filters of the event list, newest first; `before` is the last id of the previous page. */
export interface EventFilter {
  outcome?: EventOutcome;
  callId?: string;
  before?: number;
  limit: number;
}

/** Every column but the payload, for lists. */
export type EventSummaryRow = Omit<RetellWebhookEvent, 'payload'>;

/** What an original is stored as: its outcome, the candidate it was applied to, and why it failed. */
export interface StoredOutcome {
  outcome: Exclude<EventOutcome, 'pending' | 'duplicate'>;
  candidateId: number | null;
  error?: string | null;
}

/**
 * SQL condition: the delivery (`call_id`, `event`, `body_hash` given as placeholders) is stored
 * already. Read holding the candidate's lock, it sees every delivery applied to that candidate
 * before, so a repeat becomes a duplicate before anything is applied again.
 */
export function isDeliveredSql(callId: string, event: string, bodyHash: string): string {
  return `EXISTS (SELECT 1 FROM retell_webhook_events
    WHERE call_id = ${callId} AND event = ${event} AND body_hash = ${bodyHash} AND duplicate_of IS NULL)`;
}

/** A stored original: its id, and whether its call was erased (then it was stored without payload, as `orphaned`). */
export interface InsertedEvent {
  id: number;
  erased: boolean;
}

/**
 * Events applied to no candidate that still hold a payload naming candidate `$1` (the partial
 * index's rows), named as the applier reads `metadata.candidate_id` (metadata-candidate.ts).
 */
const UNATTRIBUTED_NAMING_SQL = `(outcome IN ('orphaned', 'failed', 'ignored') AND payload IS NOT NULL AND ${METADATA_CANDIDATE_SQL} = $1)`;

/** Events still holding something retention clears. Matches the predicate of `IDX_retell_webhook_events_retained`. */
const RETAINED_SQL = '(payload IS NOT NULL OR error IS NOT NULL)';

/** The retention query, exported so a test can check its plan uses `IDX_retell_webhook_events_retained`. */
export const CLEAR_OLD_PAYLOADS_SQL = `
WITH cleared AS (
  UPDATE retell_webhook_events SET payload = NULL, error = NULL
  WHERE id IN (
    SELECT id FROM retell_webhook_events
    WHERE ${RETAINED_SQL} AND received_at < $1
    ORDER BY received_at LIMIT $2
    FOR UPDATE SKIP LOCKED)
  RETURNING 1)
SELECT count(*)::int AS count FROM cleared`;

/**
 * The calls of a candidate's events: those applied to it, and those applied to no candidate whose
 * payload names it in `metadata.candidate_id`. Exported for the plan test.
 */
export const CALL_IDS_NAMING_SQL = `SELECT DISTINCT call_id FROM retell_webhook_events WHERE candidate_id = $1 OR ${UNATTRIBUTED_NAMING_SQL}`;

/**
 * Scrubs the events of an erased candidate: those applied to it, and the originals of its erased
 * calls `$2` (orphaned, failed and ignored ones included; their duplicates hold no payload, and
 * carry the candidate of their original). Exported for the plan test.
 */
export const ERASE_EVENTS_SQL = `
WITH scrubbed AS (
  UPDATE retell_webhook_events
  SET payload = NULL, error = NULL, candidate_id = CASE WHEN candidate_id = $1 THEN NULL ELSE candidate_id END
  WHERE candidate_id = $1 OR (duplicate_of IS NULL AND call_id = ANY($2::text[]))
  RETURNING 1)
SELECT count(*)::int AS count FROM scrubbed`;

/**
 * All SQL of `retell_webhook_events`, the event log. Writes run inside the caller's transaction:
 * the first delivery of a (call_id, event, body) is the original; a partial unique index makes
 * every later one a `duplicate` row that points at it, even when they arrive at the same instant
 * on several replicas (the second insert waits on the first's index entry).
 */
@Injectable()
export class RetellWebhookEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores a delivery with its final outcome, in one statement. When its call was erased it is
   * stored as `orphaned` without payload instead (the tombstone is read by the same statement).
   * @returns the new event, or null when this body was delivered before (record it with
   *          {@link insertDuplicate})
   */
  async insertOriginal(
    manager: EntityManager,
    delivery: Delivery,
    outcome: StoredOutcome,
  ): Promise<InsertedEvent | null> {
    const rows: { id: string; erased: boolean }[] = await manager.query(
      `INSERT INTO retell_webhook_events (event, call_id, body_hash, payload, outcome, candidate_id, error)
       SELECT $1, $2, $3, CASE WHEN erased THEN NULL ELSE $4::jsonb END,
              CASE WHEN erased THEN 'orphaned' ELSE $5 END,
              CASE WHEN erased THEN NULL ELSE $6::int END,
              CASE WHEN erased THEN NULL ELSE $7 END
       FROM (SELECT ${isErasedCallSql('$2')} AS erased) AS tombstone
       ON CONFLICT (call_id, event, body_hash) WHERE duplicate_of IS NULL DO NOTHING
       RETURNING id, payload IS NULL AS erased`,
      [
        delivery.event,
        delivery.callId,
        delivery.bodyHash,
        delivery.payload,
        outcome.outcome,
        outcome.candidateId,
        outcome.error ?? null,
      ],
    );
    return rows.length > 0 ? { id: int(rows[0].id), erased: rows[0].erased } : null;
  }

  /**
   * Adds the storing of an applied delivery to the applier's batched statement, as its result:
   * the statement answers the new event's id, or null when the same body was stored meanwhile
   * (then nothing of the statement must stand: the caller rolls back).
   */
  addAppliedOriginal(statement: Statement, delivery: Delivery, candidateId: number): void {
    statement.addResult(
      `INSERT INTO retell_webhook_events (event, call_id, body_hash, payload, outcome, candidate_id)
       VALUES (${statement.param(delivery.event)}, ${statement.param(delivery.callId)}, ${statement.param(delivery.bodyHash)},
               ${statement.param(delivery.payload)}::jsonb, 'applied', ${statement.param(candidateId)})
       ON CONFLICT (call_id, event, body_hash) WHERE duplicate_of IS NULL DO NOTHING`,
    );
  }

  /**
   * Records a repeated delivery, without its payload, pointing at the original.
   * @returns the candidate the original was applied to (null when it was not)
   */
  async insertDuplicate(
    manager: EntityManager,
    delivery: Delivery,
  ): Promise<{ id: number | null; candidateId: number | null }> {
    const rows: { id: number; candidate_id: number | null }[] = await manager.query(
      `INSERT INTO retell_webhook_events (event, call_id, body_hash, outcome, duplicate_of, candidate_id)
       SELECT event, call_id, body_hash, 'duplicate', id, candidate_id FROM retell_webhook_events
       WHERE call_id = $1 AND event = $2 AND body_hash = $3 AND duplicate_of IS NULL
       RETURNING id, candidate_id`,
      [delivery.callId, delivery.event, delivery.bodyHash],
    );
    return { id: intOrNull(rows[0]?.id ?? null), candidateId: intOrNull(rows[0]?.candidate_id ?? null) };
  }

  /** Writes what became of an event. `error` is kept for recruiters (the database may hold personal data). */
  async finish(
    manager: EntityManager,
    id: number,
    outcome: EventOutcome,
    candidateId: number | null,
    error: string | null = null,
  ): Promise<void> {
    await manager.query('UPDATE retell_webhook_events SET outcome = $2, candidate_id = $3, error = $4 WHERE id = $1', [
      id,
      outcome,
      candidateId,
      error,
    ]);
  }

  /** Finishes an event of an erased call or candidate: `orphaned`, without payload, error or candidate. */
  async finishErased(manager: EntityManager, id: number): Promise<void> {
    await manager.query(
      `UPDATE retell_webhook_events SET outcome = 'orphaned', payload = NULL, error = NULL, candidate_id = NULL
       WHERE id = $1`,
      [id],
    );
  }

  /** The calls of the events applied to a candidate, or unattributed and naming it in their metadata. */
  async callIdsNaming(manager: EntityManager, candidateId: number): Promise<string[]> {
    const rows: { call_id: string }[] = await manager.query(CALL_IDS_NAMING_SQL, [candidateId]);
    return rows.map((row) => row.call_id);
  }

  /**
   * Erasure: clears the payload and error of every event of the candidate or of its erased calls
   * (see {@link ERASE_EVENTS_SQL}) and unlinks them from it. The rows, outcomes and hashes stay.
   * `callIds` must include the calls of {@link callIdsNaming} that no other candidate owns.
   * @returns the number of rows scrubbed
   */
  async eraseCandidate(manager: EntityManager, candidateId: number, callIds: readonly string[]): Promise<number> {
    const [row] = await manager.query<{ count: number }[]>(ERASE_EVENTS_SQL, [candidateId, callIds]);
    return row.count;
  }

  /**
   * Retention: clears the payload and error of at most `limit` events received before `cutoff`,
   * oldest first. Rows another transaction holds are skipped (a later run takes them).
   * @returns the number of events cleared
   */
  async clearPayloadsReceivedBefore(manager: EntityManager, cutoff: Date, limit: number): Promise<number> {
    const [row] = await manager.query<{ count: number }[]>(CLEAR_OLD_PAYLOADS_SQL, [cutoff, limit]);
    return row.count;
  }

  /**
   * Clears the payload and error of the original events of `callIds` that still hold one: events
   * of an erased call stored by a transaction that ran alongside the erasure.
   * @returns the number of events cleared
   */
  async clearPayloadsOfCalls(manager: EntityManager, callIds: readonly string[]): Promise<number> {
    if (callIds.length === 0) return 0;
    const [row] = await manager.query<{ count: number }[]>(
      `WITH cleared AS (
         UPDATE retell_webhook_events SET payload = NULL, error = NULL
         WHERE duplicate_of IS NULL AND call_id = ANY($1::text[]) AND ${RETAINED_SQL}
         RETURNING 1)
       SELECT count(*)::int AS count FROM cleared`,
      [callIds],
    );
    return row.count;
  }

  /** Adds "event `id` was applied to `candidateId`" to a batched statement (no round trip of its own). */
  addApplied(statement: Statement, id: number, candidateId: number): void {
    statement.add(
      `UPDATE retell_webhook_events SET outcome = 'applied', candidate_id = ${statement.param(candidateId)}, error = NULL WHERE id = ${statement.param(id)}`,
    );
  }

  /** Reads and locks a stored event for replay; undefined when there is none. */
  async lockForReplay(manager: EntityManager, id: number): Promise<StoredEvent | undefined> {
    const [row] = await manager.query<(Omit<StoredEvent, 'duplicate_of'> & { duplicate_of: string | null })[]>(
      `SELECT event, payload, outcome, candidate_id, duplicate_of, xmin::text AS version
       FROM retell_webhook_events WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row && { ...row, duplicate_of: intOrNull(row.duplicate_of) };
  }

  /** Newest first, without payloads. */
  async list(filter: EventFilter): Promise<EventSummaryRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const condition = (sql: (placeholder: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.outcome) condition((p) => `outcome = ${p}`, filter.outcome);
    if (filter.callId) condition((p) => `call_id = ${p}`, filter.callId);
    if (filter.before) condition((p) => `id < ${p}`, filter.before);
    params.push(filter.limit);
    const rows = await this.dataSource.query<EventSummaryRow[]>(
      `SELECT id, event, call_id, body_hash, outcome, error, candidate_id, duplicate_of, received_at
       FROM retell_webhook_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      ...row,
      id: int(row.id),
      duplicate_of: intOrNull(row.duplicate_of),
      received_at: instant(row.received_at),
    }));
  }
}
