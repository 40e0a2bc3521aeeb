import { Injectable, Logger } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Candidate } from '../candidates/candidate.entity.js';
import {
  callRecency,
  callVerdict,
  isDecisive,
  lateCallStatus,
  mergeCallObject,
  nextCandidateStatus,
  type CallVerdict,
} from './call-rules.js';
import { RetellCall } from './retell-call.entity.js';
import { resolveZone } from './interview-time.js';
import { mapRetellCall } from './retell-call.mapper.js';
import { isRecord, type RetellCallObject } from './retell-call-object.js';

/** An IANA region zone (`America/New_York`) for a label, never a fixed offset that ignores DST. */
function regionalZone(label: string | null): string | null {
  const zone = resolveZone(label);
  return zone && zone.includes('/') ? zone : null;
}

type CallRecency = Parameters<typeof callRecency>[0];

/** What applying one call object did. `candidateId` is null when no candidate could be found. */
export interface ApplyResult {
  outcome: 'applied' | 'orphaned';
  candidateId: number | null;
}

/**
 * Reads `metadata.candidate_id`, which callers set as a string or a number.
 * @returns a positive integer id, or null when absent or malformed.
 */
export function metadataCandidateId(call: RetellCallObject): number | null {
  return metadataInteger(call, 'candidate_id');
}

/** A positive 32-bit integer in `metadata[key]`, given as a number or a string of digits. */
function metadataInteger(call: RetellCallObject, key: string): number | null {
  const raw = isRecord(call.metadata) ? call.metadata[key] : undefined;
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,10}$/.test(raw.trim()) ? Number(raw) : NaN;
  return Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647 ? value : null;
}

/**
 * Applies a Retell call object to its call record and candidate. Shared by the webhook, the manual
 * save and the sync, so all three follow the same mapper and rules. Runs inside the caller's
 * transaction; locks the candidate row, then the call row, so concurrent events for one candidate
 * apply one at a time on any number of replicas.
 */
@Injectable()
export class CallDataService {
  private readonly logger = new Logger(CallDataService.name);

  /**
   * @param candidateId the candidate to use, overriding the call's own link (the manual save's path id)
   * @returns `orphaned` when no candidate is found: by `candidateId`, else `metadata.candidate_id`,
   *          else the existing call record of `call.call_id`
   */
  async apply(manager: EntityManager, call: RetellCallObject, candidateId?: number): Promise<ApplyResult> {
    const calls = manager.getRepository(RetellCall);
    const candidates = manager.getRepository(Candidate);
    const id =
      candidateId ??
      metadataCandidateId(call) ??
      (await calls.findOne({ select: { candidate_id: true }, where: { call_id: call.call_id } }))?.candidate_id;
    const candidate = id ? await candidates.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!candidate) return { outcome: 'orphaned', candidateId: null };

    const stored =
      (await calls.findOne({ where: { call_id: call.call_id }, lock: { mode: 'pessimistic_write' } })) ??
      (await this.placedAttempt(manager, candidate.id, call));
    const merged = mergeCallObject(stored?.call ?? null, call);
    const mapped = mapRetellCall(merged);
    for (const warning of mapped.warnings)
      this.logger.warn({ call_id: call.call_id, warning }, 'invalid custom analysis field');

    const record = { ...mapped.record, call: merged, call_id: call.call_id, candidate_id: candidate.id };
    const saved = stored ? { ...stored, ...record } : { ...record, call_id: call.call_id, created_at: new Date() };
    // TypeORM's partial-entity type cannot express `unknown` inside jsonb columns.
    if (stored) await calls.update({ id: stored.id }, record as QueryDeepPartialEntity<RetellCall>);
    else await calls.insert(saved as QueryDeepPartialEntity<RetellCall>);

    if (await this.isCurrentCall(manager, candidate, saved)) {
      const sameCall = candidate.retell_call_id === call.call_id;
      const status = nextCandidateStatus(
        candidate.status,
        sameCall ? callVerdict(candidate) : null,
        callVerdict(mapped.candidate),
      );
      // The zone the agent learned ("Eastern Time") becomes the profile's when it had none, so
      // calling hours and the agent keep using it after later calls.
      const learned = candidate.timezone ? null : regionalZone(mapped.candidate.retell_candidate_timezone);
      await candidates.update({ id: candidate.id }, {
        ...mapped.candidate,
        status,
        ...(learned ? { timezone: learned } : {}),
      } as QueryDeepPartialEntity<Candidate>);
    } else {
      await this.applyLateVerdict(manager, candidate, stored, saved, callVerdict(mapped.candidate));
    }
    return { outcome: 'applied', candidateId: candidate.id };
  }

  /**
   * An older call's events arrived after a newer call's: its fields stay off the candidate, but
   * its verdict still counts as it would have in order ({@link lateCallStatus}).
   */
  private async applyLateVerdict(
    manager: EntityManager,
    candidate: Candidate,
    stored: RetellCall | null,
    call: CallRecency & { call_id: string | null },
    after: CallVerdict,
  ): Promise<void> {
    const before = stored?.call ? callVerdict(mapRetellCall(stored.call).candidate) : null;
    if (after === before || after === null || (after === 'contacted' && candidate.status !== 'new')) return;
    const others = await manager.getRepository(RetellCall).find({
      select: {
        call_id: true,
        call_status: true,
        disconnection_reason: true,
        call_analysis: true,
        start_timestamp: true,
        end_timestamp: true,
        created_at: true,
      },
      where: { candidate_id: candidate.id },
    });
    const recency = callRecency(call);
    const newerCallDecided = others.some(
      (other) =>
        other.call_id !== call.call_id &&
        other.call_id !== null &&
        callRecency(other) > recency &&
        isDecisive(callVerdict(mapRetellCall({ ...other, call_id: other.call_id }).candidate)),
    );
    const status = lateCallStatus(candidate.status, before, after, newerCallDecided);
    if (status !== candidate.status) await manager.getRepository(Candidate).update({ id: candidate.id }, { status });
  }

  /**
   * The row this service wrote before dialling (`metadata.attempt`), when the call's first event
   * arrives before the create-phone-call response was recorded, or instead of it.
   */
  private placedAttempt(
    manager: EntityManager,
    candidateId: number,
    call: RetellCallObject,
  ): Promise<RetellCall | null> {
    const attempt = metadataInteger(call, 'attempt');
    if (attempt === null) return Promise.resolve(null);
    return manager.getRepository(RetellCall).findOne({
      where: { candidate_id: candidateId, attempt, call_id: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** A call is the candidate's current one unless the candidate already mirrors a more recent call. */
  private async isCurrentCall(
    manager: EntityManager,
    candidate: Candidate,
    call: CallRecency & { call_id: string | null },
  ): Promise<boolean> {
    if (!candidate.retell_call_id || candidate.retell_call_id === call.call_id) return true;
    const current = await manager.getRepository(RetellCall).findOne({
      select: { start_timestamp: true, end_timestamp: true, created_at: true },
      where: { call_id: candidate.retell_call_id },
    });
    return !current || callRecency(call) >= callRecency(current);
  }
}
