import { createHash } from 'node:crypto';
import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { CallDataService, type ApplyResult } from '../calls/call-data.service.js';
import { isRecord, type RetellCallObject } from '../calls/retell-call-object.js';
import type { EntityManager } from 'typeorm';
import { DomainError, EventNotFound, EventNotReplayable, EventNotStored } from '../common/domain-errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { EventStore, type Delivery } from './event-store.js';
import { storableJson } from './storable-json.js';
import { MANUAL_EVENT, SYNC_EVENT, type EventOutcome } from './retell-webhook-event.entity.js';

/** Events that carry call data to apply; every other type is stored as `ignored`. */
const APPLIED_EVENTS: ReadonlySet<string> = new Set([
  'call_started',
  'call_ended',
  'call_analyzed',
  MANUAL_EVENT,
  SYNC_EVENT,
]);

/** The answer to a stored delivery. */
export interface IngestResult {
  event_id: number | null;
  outcome: EventOutcome;
  candidate_id: number | null;
}

/** Source of call data to record and apply: a verified webhook body, a manual save, or a sync. */
export interface CallDataSubmission {
  event: string;
  call: RetellCallObject;
  /** The JSON text to store, `{ event, call }`: exactly as received where there is a raw body. */
  payload: string;
  /** SHA-256 (hex) of what identifies the delivery. */
  bodyHash: string;
  /** Overrides the call's own candidate link (the manual save's path id). */
  candidateId?: number;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Parses a verified webhook body: `{ event, call: { call_id, … } }`.
 * @throws BadRequestException (400) naming the field when the JSON or its envelope is malformed.
 */
export function parseWebhookBody(raw: Buffer): { event: string; call: RetellCallObject; payload: string } {
  const text = raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestException('body is not valid JSON');
  }
  const { text: payload, value: body } = storableJson(text, parsed);
  if (!isRecord(body)) throw new BadRequestException('body must be a JSON object');
  const { event, call } = body;
  if (typeof event !== 'string' || event.length === 0 || event.length > 100) {
    throw new BadRequestException('event must be a non-empty string');
  }
  if (!isRecord(call)) throw new BadRequestException('call must be an object');
  if (typeof call.call_id !== 'string' || call.call_id.length === 0 || call.call_id.length > 200) {
    throw new BadRequestException('call.call_id must be a non-empty string');
  }
  return { event, call: call as RetellCallObject, payload };
}

/**
 * The ingestion guarantees. Each submission is stored and applied in one transaction, so there is
 * never a candidate change without its event row, nor the reverse:
 * - the event row is written first; a repeat of the same body becomes a `duplicate` with no effect;
 * - applying runs behind a savepoint: if it fails, the event is still stored as `failed`, with its
 *   error, for replay;
 * - if the event cannot be stored at all, {@link EventNotStored} (503) tells Retell to retry.
 */
@Injectable()
export class WebhookIngestionService {
  private readonly logger = new Logger(WebhookIngestionService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly events: EventStore,
    private readonly callData: CallDataService,
  ) {}

  /** Stores and applies a verified Retell webhook body. @throws BadRequestException → 400, EventNotStored → 503 */
  ingestWebhook(raw: Buffer): Promise<IngestResult> {
    const { event, call, payload } = parseWebhookBody(raw);
    return this.ingest({ event, call, payload, bodyHash: sha256(raw) });
  }

  /** @throws EventNotStored → 503 when the database could not store the event */
  async ingest(submission: CallDataSubmission): Promise<IngestResult> {
    try {
      return await this.transactions.run(async (manager) => {
        const delivery: Delivery = {
          event: submission.event,
          callId: submission.call.call_id,
          bodyHash: submission.bodyHash,
          payload: submission.payload,
        };
        const id = await this.events.insertOriginal(manager, delivery);
        if (id === null) {
          await this.events.insertDuplicate(manager, delivery);
          return { event_id: null, outcome: 'duplicate', candidate_id: null };
        }
        return this.applyStored(manager, id, submission.event, submission.call, submission.candidateId);
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.logger.error({ call_id: submission.call.call_id, reason: describeFailure(error) }, 'event not stored');
      throw new EventNotStored();
    }
  }
  /**
   * Applies a stored event again: how an orphaned event is recovered once its candidate exists,
   * or a failed one after a fix. Same mapper and rules; the outcome and error are rewritten.
   * @throws EventNotFound → 404, EventNotReplayable → 409 (a duplicate: replay its original)
   */
  replay(id: number): Promise<IngestResult> {
    return this.transactions.run(async (manager) => {
      const [row] = await manager.query<
        { event: string; payload: unknown; candidate_id: number | null; duplicate_of: string | null }[]
      >('SELECT event, payload, candidate_id, duplicate_of FROM retell_webhook_events WHERE id = $1 FOR UPDATE', [id]);
      if (!row) throw new EventNotFound(id);
      if (row.duplicate_of !== null) throw new EventNotReplayable(id, Number(row.duplicate_of));
      const call = callOf(row.payload);
      if (!call || !APPLIED_EVENTS.has(row.event)) return { event_id: id, outcome: 'ignored', candidate_id: null };
      const candidateId = row.event === MANUAL_EVENT && row.candidate_id !== null ? row.candidate_id : undefined;
      return this.applyStored(manager, id, row.event, call, candidateId);
    });
  }

  /** Applies a stored event behind a savepoint and records its outcome; a failure is kept as `failed`. */
  private async applyStored(
    manager: EntityManager,
    id: number,
    event: string,
    call: RetellCallObject,
    candidateId: number | undefined,
  ): Promise<IngestResult> {
    if (!APPLIED_EVENTS.has(event)) {
      await this.events.finish(manager, id, 'ignored', null);
      return { event_id: id, outcome: 'ignored', candidate_id: null };
    }
    await manager.query('SAVEPOINT apply_call_data');
    let result: ApplyResult;
    try {
      result = await this.callData.apply(manager, call, candidateId, id);
    } catch (error) {
      // A lock or statement timeout, a deadlock, a lost connection: not the event's fault. The
      // whole delivery rolls back and answers 503, and Retell's retry applies it.
      if (isTransient(error)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT apply_call_data');
      this.logger.error(
        { event_id: id, call_id: call.call_id, reason: describeFailure(error) },
        'call data could not be applied',
      );
      await this.events.finish(manager, id, 'failed', null, storedReason(error));
      return { event_id: id, outcome: 'failed', candidate_id: null };
    }
    if (!result.recorded) await this.events.finish(manager, id, result.outcome, result.candidateId);
    return { event_id: id, outcome: result.outcome, candidate_id: result.candidateId };
  }
}

// Postgres SQLSTATEs of failures that a retry can cure: serialization, deadlock, lock and
// statement timeouts, shutdown, and connection classes (08xxx).
const TRANSIENT = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03']);

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string')
    return error instanceof Error && /Connection terminated|ECONNRESET/i.test(error.message);
  return TRANSIENT.has(code) || code.startsWith('08') || code === 'ECONNRESET' || code === 'ECONNREFUSED';
}

/** The failure as kept on the event row (the database may hold personal data; logs may not). */
function storedReason(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000);
}

/** The call object inside a stored payload `{ event, call }`. */
function callOf(payload: unknown): RetellCallObject | null {
  const call = isRecord(payload) ? payload.call : undefined;
  return isRecord(call) && typeof call.call_id === 'string' ? (call as RetellCallObject) : null;
}

/** A failure's type and code for the logs, never its message: database messages can quote personal data. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}
