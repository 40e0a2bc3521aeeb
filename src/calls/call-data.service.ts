import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CandidateStatus } from '../candidates/candidate-status.js';
import { Statement } from '../database/sql-statement.js';
import {
  callRecency,
  callVerdict,
  isDecisive,
  lateCallStatus,
  mergeCallObject,
  nextCandidateStatus,
  type CallVerdict,
} from './call-rules.js';
import { resolveZone } from './interview-time.js';
import { mapRetellCall, type MappedCall, type VerdictFields } from './retell-call.mapper.js';
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
  /** Whether the event's outcome was written with the effects (an `eventId` was given). */
  recorded?: boolean;
}

/** The candidate columns applying reads: its status, zone, and current call's verdict fields. */
interface LockedCandidate extends VerdictFields {
  id: number;
  status: CandidateStatus;
  timezone: string | null;
  retell_call_id: string | null;
}

/** A call record as applying reads it. */
interface LockedCall extends CallRecency {
  id: number;
  call: RetellCallObject | null;
}

/** Locks the candidate and reads what applying needs of it. */
const LOCK_CANDIDATE_SQL = `
SELECT id, status, timezone, retell_call_id, retell_call_status, retell_disconnection_reason,
       retell_in_voicemail, retell_interview_scheduled, retell_call_outcome
FROM candidates WHERE id = $1 FOR UPDATE`;

/**
 * Then, in a statement of its own (so that its snapshot, taken after the candidate lock was
 * granted, sees what the previous holder committed): locks the call and reads the recency of the
 * candidate's current call.
 */
const LOCK_CALL_SQL = `
WITH locked_call AS (
  SELECT id, call, start_timestamp, end_timestamp, created_at FROM retell_calls WHERE call_id = $1 FOR UPDATE
)
SELECT (SELECT row_to_json(r) FROM locked_call r) AS call,
       (SELECT json_build_object('id', r.id, 'start_timestamp', r.start_timestamp, 'end_timestamp', r.end_timestamp,
                                 'created_at', r.created_at)
          FROM retell_calls r WHERE r.call_id = $2 AND r.call_id <> $1) AS current`;

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Rows arrive as JSON (row_to_json) or from the driver: bigints and dates normalised. */
function asLockedCall(row: LockedCall): LockedCall {
  return {
    id: Number(row.id),
    call: row.call ?? null,
    start_timestamp: toNumber(row.start_timestamp),
    end_timestamp: toNumber(row.end_timestamp),
    created_at: new Date(row.created_at),
  };
}

/** The `retell_calls` columns written for a call object. */
function callColumns(
  mapped: MappedCall,
  merged: RetellCallObject,
  callId: string,
  candidateId: number,
): Record<string, unknown> {
  return { ...mapped.record, call: merged, call_id: callId, candidate_id: candidateId };
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
   * @param eventId the stored event to mark `applied` in the same statement as the effects
   * @returns `orphaned` when no candidate is found: by `candidateId`, else `metadata.candidate_id`,
   *          else the existing call record of `call.call_id`
   */
  async apply(
    manager: EntityManager,
    call: RetellCallObject,
    candidateId?: number,
    eventId?: number,
  ): Promise<ApplyResult> {
    const id =
      candidateId ??
      metadataCandidateId(call) ??
      (
        await manager.query<{ candidate_id: number }[]>('SELECT candidate_id FROM retell_calls WHERE call_id = $1', [
          call.call_id,
        ])
      )[0]?.candidate_id;
    if (!id) return { outcome: 'orphaned', candidateId: null };
    const [candidate] = await manager.query<LockedCandidate[]>(LOCK_CANDIDATE_SQL, [id]);
    if (!candidate) return { outcome: 'orphaned', candidateId: null };
    const [locked] = await manager.query<{ call: LockedCall | null; current: LockedCall | null }[]>(LOCK_CALL_SQL, [
      call.call_id,
      candidate.retell_call_id,
    ]);
    const stored = locked.call ? asLockedCall(locked.call) : await this.placedAttempt(manager, candidate.id, call);

    const merged = mergeCallObject(stored?.call ?? null, call);
    const mapped = mapRetellCall(merged);
    for (const warning of mapped.warnings)
      this.logger.warn({ call_id: call.call_id, warning }, 'invalid custom analysis field');

    const record: LockedCall & { call_id: string } = {
      id: stored?.id ?? 0,
      call_id: call.call_id,
      call: merged,
      start_timestamp: mapped.record.start_timestamp,
      end_timestamp: mapped.record.end_timestamp,
      created_at: stored?.created_at ?? new Date(),
    };
    const current =
      !candidate.retell_call_id ||
      candidate.retell_call_id === call.call_id ||
      !locked.current ||
      callRecency(record) >= callRecency(asLockedCall(locked.current));

    const write = new Statement();
    write.add(
      stored
        ? `UPDATE retell_calls SET ${write.assign(callColumns(mapped, merged, call.call_id, candidate.id))}, updated_at = now() WHERE id = ${write.param(stored.id)}`
        : write.insert('retell_calls', {
            ...callColumns(mapped, merged, call.call_id, candidate.id),
            created_at: record.created_at,
          }),
    );
    if (current) {
      const status = nextCandidateStatus(
        candidate.status,
        candidate.retell_call_id === call.call_id ? callVerdict(candidate) : null,
        callVerdict(mapped.candidate),
      );
      // The zone the agent learned ("Eastern Time") becomes the profile's when it had none, so
      // calling hours and the agent keep using it after later calls.
      const learned = candidate.timezone ? null : regionalZone(mapped.candidate.retell_candidate_timezone);
      const fields = { ...mapped.candidate, status, ...(learned ? { timezone: learned } : {}) };
      write.add(
        `UPDATE candidates SET ${write.assign(fields)}, updated_at = now() WHERE id = ${write.param(candidate.id)}`,
      );
    }
    if (eventId !== undefined) {
      write.add(
        `UPDATE retell_webhook_events SET outcome = 'applied', candidate_id = ${write.param(candidate.id)} WHERE id = ${write.param(eventId)}`,
      );
    }
    await manager.query(write.sql(), write.params);
    if (!current) await this.applyLateVerdict(manager, candidate, stored, record, callVerdict(mapped.candidate));
    return { outcome: 'applied', candidateId: candidate.id, recorded: eventId !== undefined };
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
    if (attempt === null) return null;
    const [row] = await manager.query<LockedCall[]>(
      `SELECT id, call, start_timestamp, end_timestamp, created_at FROM retell_calls
       WHERE candidate_id = $1 AND attempt = $2 AND call_id IS NULL FOR UPDATE`,
      [candidateId, attempt],
    );
    return row ? asLockedCall(row) : null;
  }

  /**
   * An older call's events arrived after a newer call's: its fields stay off the candidate, but
   * its verdict still counts as it would have in order ({@link lateCallStatus}).
   */
  private async applyLateVerdict(
    manager: EntityManager,
    candidate: LockedCandidate,
    stored: LockedCall | null,
    call: CallRecency & { call_id: string },
    after: CallVerdict,
  ): Promise<void> {
    const before = stored?.call ? callVerdict(mapRetellCall(stored.call).candidate) : null;
    if (after === before || after === null || (after === 'contacted' && candidate.status !== 'new')) return;
    const others = await manager.query<
      (CallRecency & {
        call_id: string;
        call_status: string;
        disconnection_reason: string | null;
        call_analysis: unknown;
      })[]
    >(
      `SELECT call_id, call_status, disconnection_reason, call_analysis, start_timestamp, end_timestamp, created_at
       FROM retell_calls WHERE candidate_id = $1 AND call_id IS NOT NULL AND call_id <> $2`,
      [candidate.id, call.call_id],
    );
    const recency = callRecency(call);
    const newerCallDecided = others.some(
      (other) =>
        callRecency(asLockedCall({ ...other, id: 0, call: null })) > recency &&
        isDecisive(callVerdict(mapRetellCall({ ...other, call_id: other.call_id }).candidate)),
    );
    const status = lateCallStatus(candidate.status, before, after, newerCallDecided);
    if (status !== candidate.status) {
      await manager.query('UPDATE candidates SET status = $2, updated_at = now() WHERE id = $1', [
        candidate.id,
        status,
      ]);
    }
  }
}
