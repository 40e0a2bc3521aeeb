import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import {
  CallErased,
  DomainError,
  EventNotFound,
  EventNotReplayable,
  EventNotStorable,
  EventNotStored,
  EventPayloadCleared,
} from '../common/errors.js';
import { isTransientDatabaseError, isUnstorableValueError } from '../common/transient-errors.js';
import { MANUAL_EVENT, SYNC_EVENT, type EventOutcome } from '../database/entities/retell-webhook-event.entity.js';
import { ErasedCallsRepository } from '../database/repositories/erased-calls.repository.js';
import { ErasedCandidatesRepository } from '../database/repositories/erased-candidates.repository.js';
import { RetellCallsRepository } from '../database/repositories/retell-calls.repository.js';
import { RetellWebhookEventsRepository } from '../database/repositories/retell-webhook-events.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { isRecord, type RetellCallObject } from '../retell/retell-call-object.js';
import { CallApplier, metadataCandidateId, type ApplyOptions } from './call-applier.service.js';
import type { Envelope } from './envelope.js';

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
  /** The stored event; null for a duplicate delivery (it points at the original). */
  event_id: number | null;
  outcome: EventOutcome;
  /** The candidate the call data was applied to (for a duplicate: the original's). */
  candidate_id: number | null;
}

/** What the applier may do with a submission beyond the call's own link (the manual save's path id). */
export type Routing = Pick<ApplyOptions, 'candidateId' | 'reassign'>;

/**
 * The one ingestion pipeline: the webhook, the manual save, the sync (and the sweep) and replay
 * all enter here. Each submission is stored and applied in one transaction, so there is never a
 * candidate change without its event row, nor the reverse:
 * - the event row is written first; a repeat of the same body becomes a `duplicate` with no effect;
 * - applying runs behind a savepoint: if it fails, the event is still stored as `failed`, with its
 *   error, for replay;
 * - if the event cannot be stored at all, {@link EventNotStored} (503) tells Retell to retry;
 * - an event of an erased call, or one that finds no candidate and names an erased one, is stored
 *   as `orphaned` without payload, and never applied.
 */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger(IngestionService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly events: RetellWebhookEventsRepository,
    private readonly applier: CallApplier,
    private readonly erasedCalls: ErasedCallsRepository,
    private readonly erasedCandidates: ErasedCandidatesRepository,
    private readonly calls: RetellCallsRepository,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {}

  /**
   * Stores and applies call data.
   * @throws EventNotStored → 503 when the database could not store the event (EventNotStorable →
   *         422 when it refuses the data itself, so a retry would fail alike); a DomainError of
   *         the applier (CallBelongsToAnotherCandidate → 409) with nothing stored; CallErased → 409
   *         with nothing stored, for a manual save (`routing.candidateId`) of an erased call
   */
  async ingest(envelope: Envelope, routing: Routing = {}): Promise<IngestResult> {
    try {
      return await this.transactions.run(async (manager) => {
        const delivery = {
          event: envelope.event,
          callId: envelope.call.call_id,
          bodyHash: envelope.bodyHash,
          payload: envelope.payload,
        };
        const inserted = await this.events.insertOriginal(manager, delivery);
        if (inserted === null) {
          const duplicate = await this.events.insertDuplicate(manager, delivery);
          if (duplicate.id !== null) this.announceEvent(manager, duplicate.id, duplicate.candidateId);
          return { event_id: null, outcome: 'duplicate', candidate_id: duplicate.candidateId };
        }
        if (inserted.erased) {
          // Stored without payload already. A recruiter's save is refused instead (rolled back).
          if (routing.candidateId !== undefined) throw new CallErased(envelope.call.call_id);
          this.announceEvent(manager, inserted.id, null);
          return { event_id: inserted.id, outcome: 'orphaned', candidate_id: null };
        }
        return this.applyStored(manager, inserted.id, envelope.event, envelope.call, routing);
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.logger.error({ call_id: envelope.call.call_id, reason: describeFailure(error) }, 'event not stored');
      throw isUnstorableValueError(error) ? EventNotStorable() : EventNotStored();
    }
  }

  /**
   * Applies a stored event again: how an orphaned event is recovered once its candidate exists,
   * or a failed one after a fix. Same mapper and rules; the outcome and error are rewritten.
   * @throws EventNotFound → 404, EventNotReplayable → 409 (a duplicate: replay its original),
   *         EventPayloadCleared → 409 (retention or erasure cleared its payload)
   */
  replay(id: number): Promise<IngestResult> {
    return this.transactions.run(async (manager) => {
      const row = await this.events.lockForReplay(manager, id);
      if (!row) throw EventNotFound(id);
      if (row.duplicate_of !== null) throw new EventNotReplayable(id, row.duplicate_of);
      if (row.payload === null) throw EventPayloadCleared(id);
      const call = callOf(row.payload);
      if (call && (await this.isErased(manager, call, row.event === MANUAL_EVENT))) {
        return this.storeErased(manager, id, call.call_id);
      }
      if (!call || !APPLIED_EVENTS.has(row.event)) return { event_id: id, outcome: 'ignored', candidate_id: null };
      const routing = row.event === MANUAL_EVENT && row.candidate_id !== null ? { candidateId: row.candidate_id } : {};
      return this.applyStored(manager, id, row.event, call, routing);
    });
  }

  /** Applies a stored event behind a savepoint and records its outcome; a failure is kept as `failed`. */
  private async applyStored(
    manager: EntityManager,
    id: number,
    event: string,
    call: RetellCallObject,
    routing: Routing,
  ): Promise<IngestResult> {
    const result = await this.applyStoredEvent(manager, id, event, call, routing);
    this.announceEvent(manager, id, result.candidate_id);
    return result;
  }

  /** The event log changed: consoles showing it refresh once the transaction commits. */
  private announceEvent(manager: EntityManager, id: number, candidateId: number | null): void {
    this.feed.afterCommit(manager, {
      kind: 'event',
      id,
      ...(candidateId === null ? {} : { candidate_id: candidateId }),
    });
  }

  private async applyStoredEvent(
    manager: EntityManager,
    id: number,
    event: string,
    call: RetellCallObject,
    routing: Routing,
  ): Promise<IngestResult> {
    if (!APPLIED_EVENTS.has(event)) {
      if (await this.isErased(manager, call, false)) return this.storeErased(manager, id, call.call_id);
      await this.events.finish(manager, id, 'ignored', null);
      return { event_id: id, outcome: 'ignored', candidate_id: null };
    }
    await manager.query('SAVEPOINT apply_call_data');
    try {
      const result = await this.applier.apply(manager, call, { ...routing, eventId: id });
      // Found no candidate: perhaps because it was erased (while this event waited for its lock, or
      // while its call was being placed). Checked only here, off the usual path.
      if (result.outcome === 'orphaned' && (await this.isErased(manager, call, routing.candidateId !== undefined))) {
        return this.storeErased(manager, id, call.call_id);
      }
      if (!result.recorded) await this.events.finish(manager, id, result.outcome, result.candidateId);
      return { event_id: id, outcome: result.outcome, candidate_id: result.candidateId };
    } catch (error) {
      // A refusal the caller must see (409), or a lock or statement timeout, a deadlock, a lost
      // connection (not the event's fault): the whole delivery rolls back; a retry applies it.
      if (error instanceof DomainError || isTransientDatabaseError(error)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT apply_call_data');
      this.logger.error(
        { event_id: id, call_id: call.call_id, reason: describeFailure(error) },
        'call data could not be applied',
      );
      // A manual save keeps the candidate it was saved onto: its replay goes there again.
      await this.events.finish(manager, id, 'failed', routing.candidateId ?? null, storedReason(error));
      return { event_id: id, outcome: 'failed', candidate_id: null };
    }
  }

  /**
   * Whether the call was erased; or, for data not routed by a recruiter (`routed`: the manual
   * save's path id wins over metadata), whether it names an erased candidate in its metadata and
   * has no record (a call moved to another candidate before the erasure stays that candidate's).
   */
  private async isErased(manager: EntityManager, call: RetellCallObject, routed: boolean): Promise<boolean> {
    if (await this.erasedCalls.contains(manager, call.call_id)) return true;
    const named = routed ? null : metadataCandidateId(call);
    if (named === null || !(await this.erasedCandidates.contains(manager, named))) return false;
    return (await this.calls.ownerOf(manager, call.call_id)) === null;
  }

  /** Keeps the event as `orphaned` without payload, and tombstones its call so that later events are caught on insert. */
  private async storeErased(manager: EntityManager, id: number, callId: string): Promise<IngestResult> {
    await this.events.finishErased(manager, id);
    await this.erasedCalls.add(manager, [callId], this.clock.now());
    this.announceEvent(manager, id, null);
    return { event_id: id, outcome: 'orphaned', candidate_id: null };
  }
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
