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
import {
  RetellWebhookEventsRepository,
  type Delivery,
  type StoredOutcome,
} from '../database/repositories/retell-webhook-events.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { isRecord, type RetellCallObject } from '../retell/retell-call-object.js';
import {
  CallApplier,
  DeliveredMeanwhile,
  metadataCandidateId,
  type ApplyOptions,
  type ApplyResult,
} from './call-applier.service.js';
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
 * candidate change without its event row, nor the reverse, and each event row is written once,
 * with its outcome:
 * - call data is applied under the candidate's lock, and the event row is inserted by the same
 *   statement as the effects; a repeat of the same body, recognised under that lock, becomes a
 *   `duplicate` with no effect;
 * - if applying fails, the attempt rolls back and the event is stored as `failed`, with its error,
 *   for replay;
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
    const delivery: Delivery = {
      event: envelope.event,
      callId: envelope.call.call_id,
      bodyHash: envelope.bodyHash,
      payload: envelope.payload,
    };
    try {
      return await this.transactions.run((manager) => this.store(manager, delivery, envelope.call, routing));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof DeliveredMeanwhile)
        return this.storeAgain(delivery, (m) => this.storeDuplicate(m, delivery));
      if (!(error instanceof ApplyFailed)) throw this.notStored(delivery, error);
      // Applying failed: a defect, or data the call record refuses. Nothing of it stands; the
      // event is kept as `failed` (a manual save keeps the candidate it was saved onto, for replay).
      this.logger.error(
        { call_id: delivery.callId, reason: describeFailure(error.cause) },
        'call data could not be applied',
      );
      const failed = {
        outcome: 'failed',
        candidateId: routing.candidateId ?? null,
        error: storedReason(error.cause),
      } as const;
      return this.storeAgain(delivery, async (manager) => ({
        ...(await this.storeOriginal(manager, delivery, failed)),
        candidate_id: null,
      }));
    }
  }

  /**
   * Applies a stored event again: how an orphaned event is recovered once its candidate exists,
   * or a failed one after a fix. Same mapper and rules; the outcome and error are rewritten. A
   * replay that fails after the event row changed since it read it (another replay applied it
   * meanwhile, or retention or erasure cleared it) leaves the row as it is, and answers its outcome.
   * @throws EventNotFound → 404, EventNotReplayable → 409 (a duplicate: replay its original),
   *         EventPayloadCleared → 409 (retention or erasure cleared its payload)
   */
  async replay(id: number): Promise<IngestResult> {
    const seen: { version?: string } = {};
    try {
      return await this.transactions.run((manager) => this.applyAgain(manager, id, seen));
    } catch (error) {
      if (error instanceof DomainError || isTransientDatabaseError(error)) throw error;
      this.logger.error({ event_id: id, reason: describeFailure(error) }, 'call data could not be applied');
      return this.transactions.run(async (manager) => {
        const row = await this.events.lockForReplay(manager, id);
        if (!row) throw EventNotFound(id);
        // The event changed since this one read it (another replay waited for this one's lock, then
        // applied it; or retention or erasure cleared it): that change stands, and is the answer.
        if (seen.version !== undefined && row.version !== seen.version) {
          return {
            event_id: id,
            outcome: row.outcome,
            candidate_id: row.outcome === 'applied' ? row.candidate_id : null,
          };
        }
        const candidateId = row.event === MANUAL_EVENT ? row.candidate_id : null;
        await this.events.finish(manager, id, 'failed', candidateId, storedReason(error));
        this.announceEvent(manager, id, null);
        return { event_id: id, outcome: 'failed', candidate_id: null };
      });
    }
  }

  /** Stores a new delivery and applies it, in the caller's transaction. */
  private async store(
    manager: EntityManager,
    delivery: Delivery,
    call: RetellCallObject,
    routing: Routing,
  ): Promise<IngestResult> {
    if (!APPLIED_EVENTS.has(delivery.event)) {
      if (await this.isErased(manager, call, false)) return this.storeErased(manager, delivery);
      return this.storeOriginal(manager, delivery, { outcome: 'ignored', candidateId: null });
    }
    const result = await this.applyOrMark(manager, call, { ...routing, record: { delivery } });
    switch (result.outcome) {
      case 'applied':
        this.announceEvent(manager, result.eventId!, result.candidateId);
        return { event_id: result.eventId, outcome: 'applied', candidate_id: result.candidateId };
      case 'duplicate':
        return this.storeDuplicate(manager, delivery);
      case 'erased':
        // A recruiter's save of an erased call is refused (rolled back); Retell's is kept, scrubbed.
        if (routing.candidateId !== undefined) throw new CallErased(call.call_id);
        return this.storeErased(manager, delivery);
      case 'orphaned':
        // Found no candidate: perhaps because it was erased (while this event waited for its lock,
        // or while its call was being placed). Checked only here, off the usual path.
        if (await this.isErased(manager, call, routing.candidateId !== undefined)) {
          if (routing.candidateId !== undefined) throw new CallErased(call.call_id);
          return this.storeErased(manager, delivery);
        }
        return this.storeOriginal(manager, delivery, { outcome: 'orphaned', candidateId: null });
    }
  }

  /** Replays stored event `id`, in the caller's transaction; `seen.version` gets the version of the row it read. */
  private async applyAgain(manager: EntityManager, id: number, seen: { version?: string }): Promise<IngestResult> {
    const row = await this.events.lockForReplay(manager, id);
    if (!row) throw EventNotFound(id);
    seen.version = row.version;
    if (row.duplicate_of !== null) throw new EventNotReplayable(id, row.duplicate_of);
    if (row.payload === null) throw EventPayloadCleared(id);
    const call = callOf(row.payload);
    if (call && (await this.isErased(manager, call, row.event === MANUAL_EVENT))) {
      return this.scrubErased(manager, id, call.call_id);
    }
    if (!call || !APPLIED_EVENTS.has(row.event)) return { event_id: id, outcome: 'ignored', candidate_id: null };
    const routing = row.event === MANUAL_EVENT && row.candidate_id !== null ? { candidateId: row.candidate_id } : {};
    const result = await this.applier.apply(manager, call, { ...routing, record: { eventId: id } });
    if (result.outcome === 'erased' || (result.outcome !== 'applied' && (await this.isErased(manager, call, false)))) {
      return this.scrubErased(manager, id, call.call_id);
    }
    const outcome = result.outcome === 'applied' ? 'applied' : 'orphaned';
    if (outcome === 'orphaned') await this.events.finish(manager, id, 'orphaned', null);
    this.announceEvent(manager, id, result.candidateId);
    return { event_id: id, outcome, candidate_id: result.candidateId };
  }

  /**
   * Applies call data; a failure of applying itself (not a refusal, not a transient database
   * error, not a delivery stored meanwhile) is marked {@link ApplyFailed}, the one failure that is
   * kept as a `failed` event. Any other error (before applying, or while storing) answers 503.
   */
  private async applyOrMark(
    manager: EntityManager,
    call: RetellCallObject,
    options: ApplyOptions,
  ): Promise<ApplyResult> {
    try {
      return await this.applier.apply(manager, call, options);
    } catch (error) {
      if (error instanceof DomainError || error instanceof DeliveredMeanwhile || isTransientDatabaseError(error)) {
        throw error;
      }
      throw new ApplyFailed(error);
    }
  }

  /** Runs a second transaction to record a delivery whose first attempt rolled back. */
  private async storeAgain(
    delivery: Delivery,
    work: (manager: EntityManager) => Promise<IngestResult>,
  ): Promise<IngestResult> {
    try {
      return await this.transactions.run(work);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw this.notStored(delivery, error);
    }
  }

  /** The answer when a delivery could not be stored: 422 when the database refuses its data, else 503. */
  private notStored(delivery: Delivery, error: unknown): DomainError {
    this.logger.error({ call_id: delivery.callId, reason: describeFailure(error) }, 'event not stored');
    return isUnstorableValueError(error) ? EventNotStorable() : EventNotStored();
  }

  /** Stores an original with its outcome (a duplicate when the body was stored meanwhile). */
  private async storeOriginal(
    manager: EntityManager,
    delivery: Delivery,
    outcome: StoredOutcome,
  ): Promise<IngestResult> {
    const inserted = await this.events.insertOriginal(manager, delivery, outcome);
    if (inserted === null) return this.storeDuplicate(manager, delivery);
    const candidateId = inserted.erased ? null : outcome.candidateId;
    this.announceEvent(manager, inserted.id, candidateId);
    return {
      event_id: inserted.id,
      outcome: inserted.erased ? 'orphaned' : outcome.outcome,
      candidate_id: candidateId,
    };
  }

  /** Records a repeated delivery, pointing at its original. */
  private async storeDuplicate(manager: EntityManager, delivery: Delivery): Promise<IngestResult> {
    const duplicate = await this.events.insertDuplicate(manager, delivery);
    if (duplicate.id !== null) this.announceEvent(manager, duplicate.id, duplicate.candidateId);
    return { event_id: null, outcome: 'duplicate', candidate_id: duplicate.candidateId };
  }

  /** Tombstones the call, so that later events are caught on insert, and stores the delivery without payload. */
  private async storeErased(manager: EntityManager, delivery: Delivery): Promise<IngestResult> {
    await this.erasedCalls.add(manager, [delivery.callId], this.clock.now());
    return this.storeOriginal(manager, delivery, { outcome: 'orphaned', candidateId: null });
  }

  /** Keeps stored event `id` as `orphaned` without payload, and tombstones its call. */
  private async scrubErased(manager: EntityManager, id: number, callId: string): Promise<IngestResult> {
    await this.events.finishErased(manager, id);
    await this.erasedCalls.add(manager, [callId], this.clock.now());
    this.announceEvent(manager, id, null);
    return { event_id: id, outcome: 'orphaned', candidate_id: null };
  }

  /** The event log changed: consoles showing it refresh once the transaction commits. */
  private announceEvent(manager: EntityManager, id: number, candidateId: number | null): void {
    this.feed.afterCommit(manager, {
      kind: 'event',
      id,
      ...(candidateId === null ? {} : { candidate_id: candidateId }),
    });
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
}

/** Applying call data failed (its cause is the error): the event is stored as `failed`, for replay. */
class ApplyFailed extends Error {
  override readonly name = 'ApplyFailed';
  constructor(override readonly cause: unknown) {
    super('call data could not be applied');
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
