import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOutcome } from './retell-webhook-event.entity.js';

/** One delivery to record: `payload` is the JSON text exactly as received. */
export interface Delivery {
  event: string;
  callId: string;
  bodyHash: string;
  payload: string;
}

/**
 * The event log, `retell_webhook_events`. Written inside the caller's transaction: the first
 * delivery of a (call_id, event, body) is the original; a partial unique index makes every later
 * one a `duplicate` row that points at it, even when they arrive at the same instant on several
 * replicas (the second insert waits on the first's index entry).
 */
@Injectable()
export class EventStore {
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

  /** Records a repeated delivery, without its payload, pointing at the original. */
  async insertDuplicate(manager: EntityManager, delivery: Delivery): Promise<void> {
    await manager.query(
      `INSERT INTO retell_webhook_events (event, call_id, body_hash, outcome, duplicate_of, candidate_id)
       SELECT event, call_id, body_hash, 'duplicate', id, candidate_id FROM retell_webhook_events
       WHERE call_id = $1 AND event = $2 AND body_hash = $3 AND duplicate_of IS NULL`,
      [delivery.callId, delivery.event, delivery.bodyHash],
    );
  }

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
}
