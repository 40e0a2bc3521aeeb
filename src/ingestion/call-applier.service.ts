import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed } from '../common/change-feed.js';
import { CallBelongsToAnotherCandidate } from '../common/errors.js';
import { CandidatesRepository, type LockedCandidate } from '../database/repositories/candidates.repository.js';
import {
  RetellCallsRepository,
  type CallRecency,
  type LockedCall,
} from '../database/repositories/retell-calls.repository.js';
import {
  RetellWebhookEventsRepository,
  type Delivery,
} from '../database/repositories/retell-webhook-events.repository.js';
import { int } from '../database/row-values.js';
import { candidateIdOf } from '../database/metadata-candidate.js';
import { Statement } from '../database/sql-statement.js';
import { isRecord, type RetellCallObject } from '../retell/retell-call-object.js';
import {
  callRecency,
  callVerdict,
  lateCallStatus,
  mergeCallObject,
  nextCandidateStatus,
  type CallVerdict,
} from '../rules/call-rules.js';
import { interviewSignal, interviewSignalChanged, interviewSlot, interviewZone } from '../rules/interview-rules.js';
import { InterviewScheduler } from '../scheduling/interview-scheduler.service.js';
import { resolveZone } from '../rules/interview-time.js';
import { AppConfig } from '../config/app-config.js';
import { emptyCandidateCallFields, mapRetellCall } from './retell-call.mapper.js';

/** An IANA region zone (`America/New_York`) for a label, never a fixed offset that ignores DST. */
function regionalZone(label: string | null): string | null {
  const zone = resolveZone(label);
  return zone && zone.includes('/') ? zone : null;
}

/**
 * What applying one call object did:
 * - `applied`: written, with the event's record when one was given;
 * - `orphaned`: no candidate was found (`candidateId` null); nothing written;
 * - `erased`: the call was erased; nothing written;
 * - `duplicate`: the delivery was stored before; nothing written.
 */
export interface ApplyResult {
  outcome: 'applied' | 'orphaned' | 'erased' | 'duplicate';
  candidateId: number | null;
  /** The event recorded with the effects (`record`); null when none was, or nothing was applied. */
  eventId: number | null;
}

/** Where applying records its event, in the same statement as the effects. */
export type EventRecord =
  /** A new delivery: stored as `applied`, unless it is a duplicate. */
  | { delivery: Delivery }
  /** A stored event (replay): marked `applied`. */
  | { eventId: number };

/**
 * The delivery was stored by another transaction between the duplicate check and the write (it
 * took a path that does not lock the candidate): everything this one wrote must roll back, and
 * the delivery be recorded as a duplicate. Raised by {@link CallApplier.apply}; handled by ingestion.
 */
export class DeliveredMeanwhile extends Error {
  override readonly name = 'DeliveredMeanwhile';
}

/** Where the call data is going, and what may happen on the way. */
export interface ApplyOptions {
  /** The candidate to use, overriding the call's own link (the manual save's path id). */
  candidateId?: number;
  /** With `candidateId`: move a call that belongs to another candidate onto this one. */
  reassign?: boolean;
  /** The event to record as `applied` in the same statement as the effects. */
  record?: EventRecord;
}

/**
 * Reads `metadata.candidate_id`, which callers set as a string or a number: the candidate the call
 * names, by the definition erasure shares ({@link candidateIdOf}).
 * @returns a positive integer id, or null when absent or malformed.
 */
export function metadataCandidateId(call: RetellCallObject): number | null {
  return metadataInteger(call, 'candidate_id');
}

/** A positive 32-bit integer in `metadata[key]`, given as a number or a string of digits. */
function metadataInteger(call: RetellCallObject, key: string): number | null {
  return candidateIdOf(isRecord(call.metadata) ? call.metadata[key] : undefined);
}

/**
 * The applier: writes a Retell call object onto its call record and candidate. Shared by the
 * webhook, the manual save, the sync and replay, so all follow the same mapper and rules. Runs
 * inside the caller's transaction; locks the candidate row, then the call row, so concurrent
 * events for one candidate apply one at a time on any number of replicas. Every event costs
 * three round trips (lock the candidate; lock the call, which also reads whether the delivery is a
 * duplicate or its call erased; one batched write, which also stores the event), and the same
 * work whatever the number of calls of the candidate; only a manual reassignment costs more.
 *
 * A call belongs to one candidate: once stored, later events apply to its owner whatever their
 * metadata says, and a manual save onto another candidate is refused unless it reassigns the call.
 */
@Injectable()
export class CallApplier {
  private readonly logger = new Logger(CallApplier.name);

  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly calls: RetellCallsRepository,
    private readonly events: RetellWebhookEventsRepository,
    private readonly scheduler: InterviewScheduler,
    private readonly config: AppConfig,
    private readonly feed: ChangeFeed,
  ) {}

  /**
   * @returns `orphaned` when no candidate is found: by `candidateId`, else `metadata.candidate_id`
   *          (or, when it names none that exists, the owner of the call's record), else the
   *          existing call record of `call.call_id`
   * @throws CallBelongsToAnotherCandidate (409) when `candidateId` names another candidate than
   *         the call's owner and `reassign` is not set
   */
  async apply(manager: EntityManager, call: RetellCallObject, options: ApplyOptions = {}): Promise<ApplyResult> {
    const id = options.candidateId ?? metadataCandidateId(call) ?? (await this.calls.ownerOf(manager, call.call_id));
    const orphaned: ApplyResult = { outcome: 'orphaned', candidateId: null, eventId: null };
    if (!id) return orphaned;
    const candidate = await this.candidates.lockForApply(manager, id);
    if (!candidate) {
      // Metadata names a candidate that is gone (erased): a stored call still belongs to its owner.
      const storedOwner = options.candidateId === undefined ? await this.calls.ownerOf(manager, call.call_id) : null;
      return storedOwner !== null && storedOwner !== id
        ? this.apply(manager, call, { ...options, candidateId: storedOwner })
        : orphaned;
    }
    const record = options.record;
    const delivery = record && 'delivery' in record ? record.delivery : undefined;
    const locked = await this.calls.lockWithCurrent(manager, call.call_id, candidate.retell_call_id, delivery);
    if (locked.erased) return { outcome: 'erased', candidateId: null, eventId: null };
    if (locked.delivered) return { outcome: 'duplicate', candidateId: null, eventId: null };
    const owner = locked.call?.candidate_id;
    let previousOwner: number | null = null;
    if (owner !== undefined && owner !== candidate.id) {
      // The call's owner wins over metadata; only an explicit manual reassignment moves it.
      if (options.candidateId === undefined) return this.apply(manager, call, { ...options, candidateId: owner });
      if (!options.reassign) throw new CallBelongsToAnotherCandidate(call.call_id, owner);
      previousOwner = owner;
    }
    const stored = locked.call ?? (await this.placedAttempt(manager, candidate.id, call));

    const merged = mergeCallObject(stored?.call ?? null, call);
    const mapped = mapRetellCall(merged);
    for (const warning of mapped.warnings)
      this.logger.warn({ call_id: call.call_id, warning }, 'invalid custom analysis field');

    const recency: CallRecency = {
      start_timestamp: mapped.record.start_timestamp,
      end_timestamp: mapped.record.end_timestamp,
      // A call seen for the first time gets the database's clock as its created_at.
      created_at: stored?.created_at ?? locked.now,
    };
    const current =
      !candidate.retell_call_id ||
      candidate.retell_call_id === call.call_id ||
      !locked.current ||
      callRecency(recency) >= callRecency(locked.current);

    let interview: (() => Promise<void>) | null = null;
    const verdict = callVerdict(mapped.candidate);
    // The zone the agent learned ("Eastern Time") becomes the profile's when it had none, so
    // calling hours and the agent keep using it after later calls.
    const learned = candidate.timezone ? null : regionalZone(mapped.candidate.retell_candidate_timezone);
    const zone = interviewZone(
      mapped.candidate.retell_scheduled_timezone,
      candidate.timezone ?? learned,
      this.config.DEFAULT_TIMEZONE,
    );
    const write = new Statement();
    this.calls.addCallWrite(write, stored?.id ?? null, {
      ...mapped.record,
      call: merged,
      call_id: call.call_id,
      candidate_id: candidate.id,
      verdict,
      recency_ms: callRecency(recency),
      ...interviewSlot(mapped.candidate.retell_interview_at, zone),
    });
    // "Do not call me" holds whatever call said it, late or not; only a recruiter lifts it. Written
    // by the candidate's one update of this statement: two updates of one row in one statement
    // would keep only one of them.
    const doNotCall = mapped.doNotCallRequested && !candidate.do_not_call ? { do_not_call: true } : {};
    if (current) {
      const status = nextCandidateStatus(
        candidate.status,
        candidate.retell_call_id === call.call_id ? callVerdict(candidate) : null,
        verdict,
      );
      this.candidates.addUpdate(write, candidate.id, {
        ...mapped.candidate,
        status,
        ...(learned ? { timezone: learned } : {}),
        ...doNotCall,
      });
      // Interviews are looked at only when what the current call says about one changed.
      const before = candidate.retell_call_id === call.call_id ? candidate : null;
      if (interviewSignalChanged(before, mapped.candidate)) {
        interview = () =>
          this.scheduler.applyCallSignal(manager, candidate.id, interviewSignal(mapped.candidate), status, {
            timezone: zone,
            call_id: call.call_id,
          });
      }
    } else {
      this.addLateVerdict(write, candidate, stored, call.call_id, callRecency(recency), verdict, doNotCall);
    }
    if (delivery) this.events.addAppliedOriginal(write, delivery, candidate.id);
    else if (record && 'eventId' in record) this.events.addApplied(write, record.eventId, candidate.id);
    const written = await write.run(manager);
    let eventId = record && 'eventId' in record ? record.eventId : null;
    if (delivery) {
      if (written === null) throw new DeliveredMeanwhile();
      eventId = int(written);
    }
    this.feed.afterCommit(
      manager,
      { kind: 'call', id: call.call_id, candidate_id: candidate.id },
      { kind: 'candidate', id: candidate.id, candidate_id: candidate.id },
    );
    if (interview) await interview();
    if (previousOwner !== null) await this.remirror(manager, previousOwner);
    return { outcome: 'applied', candidateId: candidate.id, eventId };
  }

  /**
   * The row this service wrote before dialling (`metadata.attempt`), when the call's first event
   * arrives before the create-phone-call response was recorded, or instead of it.
   */
  private async placedAttempt(
    manager: EntityManager,
    candidateId: number,
    call: RetellCallObject,
  ): Promise<LockedCall | null> {
    const attempt = metadataInteger(call, 'attempt');
    return attempt === null ? null : this.calls.lockPlacedAttempt(manager, candidateId, attempt);
  }

  /**
   * An older call's events arrived after a newer call's: its fields stay off the candidate, but
   * its verdict still counts as it would have in order ({@link lateCallStatus}). Adds the status
   * change, if any, to the batched write: when it depends on whether a newer call decided, that
   * question is a condition of the same statement (one index probe), so a late event costs the
   * same round trips and work whatever the number of calls the candidate has.
   */
  private addLateVerdict(
    write: Statement,
    candidate: LockedCandidate,
    stored: LockedCall | null,
    callId: string,
    recencyMs: number,
    after: CallVerdict,
    also: Record<string, unknown>,
  ): void {
    const before: CallVerdict = stored?.call ? callVerdict(mapRetellCall(stored.call).candidate) : null;
    const ifUndecided = lateCallStatus(candidate.status, before, after, false);
    if (ifUndecided === candidate.status) {
      if (Object.keys(also).length > 0) this.candidates.addUpdate(write, candidate.id, also);
      return;
    }
    const ifDecided = lateCallStatus(candidate.status, before, after, true);
    this.candidates.addStatus(
      write,
      candidate.id,
      ifUndecided,
      ifDecided === candidate.status ? this.calls.newerDecisiveCall(write, candidate.id, recencyMs, callId) : undefined,
      also,
    );
  }

  /** After a call moved away, the candidate mirrors its own most recent call again, or none. */
  private async remirror(manager: EntityManager, candidateId: number): Promise<void> {
    await this.candidates.lockForApply(manager, candidateId);
    const latest = await this.calls.latestOf(manager, candidateId);
    const fields = latest ? mapRetellCall(latest).candidate : emptyCandidateCallFields();
    await this.candidates.updateColumns(manager, candidateId, fields);
    this.feed.afterCommit(manager, { kind: 'candidate', id: candidateId, candidate_id: candidateId });
  }
}
