import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventOutcome, RetellWebhookEvent } from '../entities/retell-webhook-event.entity.js';
import type { Statement } from '../sql-statement.js';

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
  candidate_id: number | null;
  duplicate_of: number | null;
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

const toNumberOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

/**
 * All SQL of `retell_webhook_events`, the event log. Writes run inside the caller's transaction:
 * the first delivery of a (call_id, event, body) is the original; a partial unique index makes
 * every later one a `duplicate` row that points at it, even when they arrive at the same instant
 * on several replicas (the second insert waits on the first's index entry).
 */
@Injectable()
export class RetellWebhookEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** @returns the new event's id, or null when this body was delivered before. */
  async insertOriginal(manager: EntityManager, delivery: Delivery): Promise<number | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO retell_webhook_events (event, call_id, body_hash, payload, outcome)
       VALUES ($1, $2, $3, $4::jsonb, 'pending')
       ON CONFLICT (call_id, event, body_hash) WHERE duplicate_of IS NULL DO NOTHING
       RETURNING id`,
      [delivery.event, delivery.callId, delivery.bodyHash, delivery.payload],
    );
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  /**
   * Records a repeated delivery, without its payload, pointing at the original.
   * @returns the candidate the original was applied to (null when it was not)
   */
  async insertDuplicate(manager: EntityManager, delivery: Delivery): Promise<{ candidateId: number | null }> {
    const rows: { candidate_id: number | null }[] = await manager.query(
      `INSERT INTO retell_webhook_events (event, call_id, body_hash, outcome, duplicate_of, candidate_id)
       SELECT event, call_id, body_hash, 'duplicate', id, candidate_id FROM retell_webhook_events
       WHERE call_id = $1 AND event = $2 AND body_hash = $3 AND duplicate_of IS NULL
       RETURNING candidate_id`,
      [delivery.callId, delivery.event, delivery.bodyHash],
    );
    return { candidateId: toNumberOrNull(rows[0]?.candidate_id ?? null) };
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

  /** Adds "event `id` was applied to `candidateId`" to a batched statement (no round trip of its own). */
  addApplied(statement: Statement, id: number, candidateId: number): void {
    statement.add(
      `UPDATE retell_webhook_events SET outcome = 'applied', candidate_id = ${statement.param(candidateId)}, error = NULL WHERE id = ${statement.param(id)}`,
    );
  }

  /** Reads and locks a stored event for replay; undefined when there is none. */
  async lockForReplay(manager: EntityManager, id: number): Promise<StoredEvent | undefined> {
    const [row] = await manager.query<
      { event: string; payload: unknown; candidate_id: number | null; duplicate_of: string | null }[]
    >('SELECT event, payload, candidate_id, duplicate_of FROM retell_webhook_events WHERE id = $1 FOR UPDATE', [id]);
    return row && { ...row, duplicate_of: toNumberOrNull(row.duplicate_of) };
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
      id: Number(row.id),
      duplicate_of: toNumberOrNull(row.duplicate_of),
      received_at: new Date(row.received_at),
    }));
  }
}
