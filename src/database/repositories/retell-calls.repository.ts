import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RetellCallObject } from '../../retell/retell-call-object.js';
import { RetellCall } from '../entities/retell-call.entity.js';
import type { Statement } from '../sql-statement.js';

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

/** Counts of a candidate's calls that the dial rules read. */
export interface DialHistory {
  /** Calls still dialing, registered or ongoing. */
  active: number;
  /** Calls that reached Retell (every call except those Retell refused). */
  attempts: number;
  /** The highest attempt number so far (0 when none). */
  lastAttempt: number;
}

/** Which call records the reconciliation sweep fetches; instants are epoch milliseconds. */
export interface ReconcileFilter {
  staleBefore: Date;
  endedBefore: number;
  endedAfter: number;
  limit: number;
}

/**
 * Which calls an analytics query reads: those that started in [`from`, `to`) by Retell's
 * `start_timestamp`, or were recorded in it if they never started; optionally of one job, agent
 * or recruiter. `dialFailures` are the disconnection reasons counted as not connected.
 */
export interface CallAnalyticsFilter {
  from: Date;
  to: Date;
  job_id?: string;
  agent_id?: string;
  recruiter?: string;
  dialFailures: readonly string[];
}

/** What a call came to, for analytics (see the README's definitions). */
export type CallClass = 'refused' | 'error' | 'not_connected' | 'voicemail' | 'connected' | 'in_progress';

/** Totals of the calls a filter selects; durations in ms, costs in cents (Retell's `combined_cost`). */
export interface CallTotals {
  classes: Record<CallClass, number>;
  /** Connected calls whose analysis says `interview_scheduled: true`. */
  interviews: number;
  /** Connected calls whose analysis says `call_successful: true`. */
  successful: number;
  duration_total_ms: number;
  duration_avg_ms: number | null;
  /** Nearest-rank percentiles: durations that occurred. */
  duration_p50_ms: number | null;
  duration_p90_ms: number | null;
  /** Over every call that reached Retell. */
  cost_total_cents: number;
}

/** Analysed calls counted by one field's value; a missing value is `unknown`. */
export interface ValueCounts {
  outcomes: Record<string, number>;
  interest_levels: Record<string, number>;
  sentiment: Record<string, number>;
  disconnection_reasons: Record<string, number>;
}

/** Booked interviews by local ISO weekday (Monday = 1) and hour, in the zone they were agreed in. */
export interface InterviewSlot {
  weekday: number;
  hour: number;
  count: number;
}

/** One bucket of a series: `bucket` is the 1-based index into the bounds given. */
export interface BucketTotals {
  bucket: number;
  placed: number;
  connected: number;
  voicemail: number;
  interviews_scheduled: number;
  cost_cents: number;
}

/** The analytics instant of a call, epoch ms: its start, or when it was recorded if it never started. */
const CALL_INSTANT = `coalesce(c.start_timestamp, (extract(epoch FROM c.created_at) * 1000)::bigint)`;

/** `CallClass` of a call row `c`; `$8` is the list of dial-failure reasons. */
const CALL_CLASS = `CASE
    WHEN c.call_status = 'failed' THEN 'refused'
    WHEN c.call_status = 'error' THEN 'error'
    WHEN c.call_status = 'not_connected' OR c.disconnection_reason = ANY($8::text[]) THEN 'not_connected'
    WHEN c.call_status = 'ended' AND (c.in_voicemail OR c.disconnection_reason = 'voicemail_reached') THEN 'voicemail'
    WHEN c.call_status = 'ended' THEN 'connected'
    ELSE 'in_progress'
  END`;

/** The calls of a {@link CallAnalyticsFilter}, classified; parameters $1–$8 (see `analyticsParams`). */
const CLASSIFIED_CALLS = `SELECT ${CALL_CLASS} AS class, ${CALL_INSTANT} AS instant_ms, c.call_id, c.duration_ms,
    c.combined_cost, c.call_analysis IS NOT NULL AS analyzed, c.interview_scheduled, c.call_successful, c.outcome, c.interest_level,
    c.user_sentiment, c.disconnection_reason, c.interview_weekday, c.interview_hour
  FROM retell_calls c
  WHERE ((c.start_timestamp >= $1 AND c.start_timestamp < $2)
         OR (c.start_timestamp IS NULL AND c.created_at >= $3 AND c.created_at < $4))
    AND ($5::text IS NULL OR c.job_id = $5)
    AND ($6::text IS NULL OR c.agent_id = $6)
    AND ($7::text IS NULL OR c.recruiter = $7)
  OFFSET 0`;

function analyticsParams(filter: CallAnalyticsFilter): unknown[] {
  return [
    filter.from.getTime(),
    filter.to.getTime(),
    filter.from,
    filter.to,
    filter.job_id ?? null,
    filter.agent_id ?? null,
    filter.recruiter ?? null,
    filter.dialFailures,
  ];
}

/** The totals of the summary, in one aggregate over the range. */
const TOTALS_SQL = `
SELECT json_build_object(
     'classes', json_build_object(
        'refused', count(*) FILTER (WHERE class = 'refused'),
        'error', count(*) FILTER (WHERE class = 'error'),
        'not_connected', count(*) FILTER (WHERE class = 'not_connected'),
        'voicemail', count(*) FILTER (WHERE class = 'voicemail'),
        'connected', count(*) FILTER (WHERE class = 'connected'),
        'in_progress', count(*) FILTER (WHERE class = 'in_progress')),
     'interviews', count(*) FILTER (WHERE class = 'connected' AND interview_scheduled),
     'successful', count(*) FILTER (WHERE class = 'connected' AND call_successful),
     'duration_total_ms', coalesce(sum(duration_ms) FILTER (WHERE class = 'connected'), 0),
     'duration_avg_ms', round(avg(duration_ms) FILTER (WHERE class = 'connected')),
     'duration_p50_ms', percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE class = 'connected'),
     'duration_p90_ms', percentile_disc(0.9) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE class = 'connected'),
     'cost_total_cents', coalesce(sum(combined_cost) FILTER (WHERE class <> 'refused'), 0)) AS totals
FROM (${CLASSIFIED_CALLS}) r`;

/**
 * Analysed calls counted by each field's value, and the agreed slots of the connected calls that
 * booked an interview, in one pass: one grouping set per field. `slot` is weekday × 100 + hour.
 */
const COUNTS_SQL = `
SELECT CASE WHEN grouping(outcome) = 0 THEN 'outcomes'
            WHEN grouping(interest_level) = 0 THEN 'interest_levels'
            WHEN grouping(user_sentiment) = 0 THEN 'sentiment'
            WHEN grouping(disconnection_reason) = 0 THEN 'disconnection_reasons'
            ELSE 'slots' END AS dimension,
       coalesce(outcome, interest_level, user_sentiment, disconnection_reason, slot::text, 'unknown') AS value,
       count(*)::int AS n
FROM (SELECT r.*, CASE WHEN class = 'connected' AND interview_scheduled
                       THEN interview_weekday * 100 + interview_hour END AS slot
      FROM (${CLASSIFIED_CALLS}) r WHERE analyzed) a
GROUP BY GROUPING SETS ((outcome), (interest_level), (user_sentiment), (disconnection_reason), (slot))`;

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Rows arrive as JSON (row_to_json) or from the driver: bigints and dates normalised. */
function asLockedCall(row: LockedCall): LockedCall {
  return {
    id: Number(row.id),
    candidate_id: Number(row.candidate_id),
    call: row.call ?? null,
    start_timestamp: toNumber(row.start_timestamp),
    end_timestamp: toNumber(row.end_timestamp),
    created_at: new Date(row.created_at),
  };
}

const LOCKED_COLUMNS = 'id, candidate_id, call, start_timestamp, end_timestamp, created_at';

/**
 * Locks the call and reads the recency of the candidate's current call, in a statement of its own
 * run after the candidate lock: its snapshot, taken once that lock was granted, then sees what the
 * previous holder committed. `now` is the transaction's clock at `created_at`'s precision: the
 * `created_at` a call inserted in this transaction gets.
 */
const LOCK_CALL_SQL = `
WITH locked_call AS (
  SELECT ${LOCKED_COLUMNS} FROM retell_calls WHERE call_id = $1 FOR UPDATE
)
SELECT (SELECT row_to_json(r) FROM locked_call r) AS call,
       (SELECT json_build_object('id', r.id, 'candidate_id', r.candidate_id, 'start_timestamp', r.start_timestamp,
                                 'end_timestamp', r.end_timestamp, 'created_at', r.created_at)
          FROM retell_calls r WHERE r.call_id = $2 AND r.call_id <> $1) AS current,
       now()::timestamptz(3) AS now`;

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
    return row ? Number(row.candidate_id) : null;
  }

  /**
   * Locks the call record of `callId` and reads the recency of `currentCallId` (the candidate's
   * mirrored call), in one round trip. Call it holding the candidate's lock.
   * @returns also `now`, the `created_at` of a call record inserted in this transaction
   */
  async lockWithCurrent(
    manager: EntityManager,
    callId: string,
    currentCallId: string | null,
  ): Promise<{ call: LockedCall | null; current: LockedCall | null; now: Date }> {
    const [row] = await manager.query<{ call: LockedCall | null; current: LockedCall | null; now: Date | string }[]>(
      LOCK_CALL_SQL,
      [callId, currentCallId],
    );
    return {
      call: row.call ? asLockedCall(row.call) : null,
      current: row.current ? asLockedCall(row.current) : null,
      now: new Date(row.now),
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

  /** Counts the candidate's calls for the dial rules; call it holding the candidate's lock. */
  async dialHistory(
    manager: EntityManager,
    candidateId: number,
    activeStatuses: readonly string[],
  ): Promise<DialHistory> {
    const [row] = await manager.query<{ active: number; attempts: number; last_attempt: number }[]>(
      `SELECT count(*) FILTER (WHERE call_status = ANY($2))::int AS active,
              count(*) FILTER (WHERE call_status <> 'failed')::int AS attempts,
              coalesce(max(attempt), 0)::int AS last_attempt
       FROM retell_calls WHERE candidate_id = $1`,
      [candidateId, activeStatuses],
    );
    return { active: row.active, attempts: row.attempts, lastAttempt: row.last_attempt };
  }

  /** {@link dialHistory} of several candidates at once, without locks (for views). */
  async dialHistories(candidateIds: number[], activeStatuses: readonly string[]): Promise<Map<number, DialHistory>> {
    const histories = new Map<number, DialHistory>();
    if (candidateIds.length === 0) return histories;
    const rows = await this.dataSource.query<
      { candidate_id: number; active: number; attempts: number; last_attempt: number }[]
    >(
      `SELECT candidate_id,
              count(*) FILTER (WHERE call_status = ANY($2))::int AS active,
              count(*) FILTER (WHERE call_status <> 'failed')::int AS attempts,
              coalesce(max(attempt), 0)::int AS last_attempt
       FROM retell_calls WHERE candidate_id = ANY($1) GROUP BY candidate_id`,
      [candidateIds, activeStatuses],
    );
    for (const row of rows) {
      histories.set(row.candidate_id, { active: row.active, attempts: row.attempts, lastAttempt: row.last_attempt });
    }
    return histories;
  }

  /** Writes the attempt row (`dialing`) before Retell is called. */
  insertAttempt(
    manager: EntityManager,
    attempt: Pick<RetellCall, 'candidate_id' | 'attempt' | 'agent_id' | 'job_id' | 'recruiter'>,
  ): Promise<RetellCall> {
    return manager.getRepository(RetellCall).save({ ...attempt, call_status: 'dialing' });
  }

  /** Records why a dial failed; `failed` when Retell refused it (it then does not count). */
  async recordDialFailure(manager: EntityManager, id: number, refused: boolean, reason: string): Promise<void> {
    await manager
      .getRepository(RetellCall)
      .update({ id }, { ...(refused ? { call_status: 'failed' } : {}), dial_error: reason });
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

  /**
   * Calls whose webhooks may have been lost, oldest change first: still dialing, registered or
   * ongoing and unchanged since `staleBefore`; or ended without analysis between `endedAfter` and
   * `endedBefore`.
   */
  dueForReconcile(filter: ReconcileFilter): Promise<RetellCall[]> {
    return this.dataSource
      .getRepository(RetellCall)
      .createQueryBuilder('c')
      .where(`c.call_status IN ('dialing', 'registered', 'ongoing') AND c.updated_at < :stale`, {
        stale: filter.staleBefore,
      })
      .orWhere(
        `c.call_status = 'ended' AND c.call_analysis IS NULL AND c.end_timestamp < :graceEnd AND c.end_timestamp > :giveUp AND c.updated_at < :stale`,
        { graceEnd: filter.endedBefore, giveUp: filter.endedAfter, stale: filter.staleBefore },
      )
      .orderBy('c.updated_at', 'ASC')
      .limit(filter.limit)
      .getMany();
  }

  /**
   * The figures of `GET /api/analytics/summary` for the calls `filter` selects, in two statements
   * run side by side (totals; counts by value and slot). Reads only typed columns (the analytics
   * columns the applier writes), never the call object.
   */
  async analyticsSummary(
    filter: CallAnalyticsFilter,
  ): Promise<{ totals: CallTotals; counts: ValueCounts; slots: InterviewSlot[] }> {
    const params = analyticsParams(filter);
    const [[{ totals }], rows] = await Promise.all([
      this.dataSource.query<{ totals: CallTotals }[]>(TOTALS_SQL, params),
      this.dataSource.query<{ dimension: keyof ValueCounts | 'slots'; value: string; n: number }[]>(COUNTS_SQL, params),
    ]);
    const counts: ValueCounts = { outcomes: {}, interest_levels: {}, sentiment: {}, disconnection_reasons: {} };
    const slots: InterviewSlot[] = [];
    for (const { dimension, value, n } of rows) {
      if (dimension !== 'slots') counts[dimension][value] = n;
      else if (value !== 'unknown')
        slots.push({ weekday: Math.floor(Number(value) / 100), hour: Number(value) % 100, count: n });
    }
    slots.sort((x, y) => x.weekday - y.weekday || x.hour - y.hour);
    return { totals, counts, slots };
  }

  /**
   * Per-bucket totals of the calls `filter` selects. `bounds` are the buckets' edges in epoch ms,
   * ascending (n + 1 edges for n buckets, the last one `filter.to`); buckets without calls are absent.
   */
  async analyticsSeries(filter: CallAnalyticsFilter, bounds: readonly number[]): Promise<BucketTotals[]> {
    return this.dataSource.query<BucketTotals[]>(
      `SELECT width_bucket(instant_ms, $9::bigint[]) AS bucket,
              count(*) FILTER (WHERE class <> 'refused')::int AS placed,
              count(*) FILTER (WHERE class = 'connected')::int AS connected,
              count(*) FILTER (WHERE class = 'voicemail')::int AS voicemail,
              count(*) FILTER (WHERE class = 'connected' AND interview_scheduled)::int AS interviews_scheduled,
              coalesce(sum(combined_cost) FILTER (WHERE class <> 'refused'), 0)::float8 AS cost_cents
       FROM (${CLASSIFIED_CALLS}) classified GROUP BY 1 ORDER BY 1`,
      [...analyticsParams(filter), bounds],
    );
  }

  /** Marks a record checked at `at`, so the sweep waits before fetching it again. */
  async touch(manager: EntityManager, id: number, at: Date): Promise<void> {
    await manager.getRepository(RetellCall).update({ id }, { updated_at: at });
  }

  /** Retell has no record of the call: `status` (`error`, or `failed` for a dial), unless it changed meanwhile. */
  async markUnknownToRetell(
    manager: EntityManager,
    id: number,
    expectedStatus: string,
    status: 'error' | 'failed',
  ): Promise<void> {
    await manager
      .getRepository(RetellCall)
      .update(
        { id, call_status: expectedStatus },
        { call_status: status, dial_error: 'Retell has no record of this call' },
      );
  }
}
