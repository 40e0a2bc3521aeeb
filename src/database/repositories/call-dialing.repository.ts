import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RetellCall } from '../entities/retell-call.entity.js';
import { instant, instantOrNull, intOrNull } from '../row-values.js';

/** Counts of a candidate's calls that the dial rules read. */
export interface DialHistory {
  /** Calls still dialing, registered or ongoing. */
  active: number;
  /** Calls that reached Retell (every call except those Retell refused). */
  attempts: number;
  /** The highest attempt number so far (0 when none). */
  lastAttempt: number;
  /** When the latest call that reached Retell was placed (null when none): the cadence counts from it. */
  lastPlacedAt: Date | null;
}

interface HistoryRow {
  active: number;
  attempts: number;
  last_attempt: number;
  last_placed_at: Date | string | null;
}

/** A candidate's call counts ($2: the statuses of a call in progress); FROM and WHERE follow. */
const HISTORY_SELECT = `SELECT count(*) FILTER (WHERE call_status = ANY($2))::int AS active,
       count(*) FILTER (WHERE call_status <> 'failed')::int AS attempts,
       coalesce(max(attempt), 0)::int AS last_attempt,
       max(created_at) FILTER (WHERE call_status <> 'failed') AS last_placed_at`;

const historyOf = (row: HistoryRow): DialHistory => ({
  active: row.active,
  attempts: row.attempts,
  lastAttempt: row.last_attempt,
  lastPlacedAt: instantOrNull(row.last_placed_at),
});

/**
 * The SQL of `retell_calls` that dialling needs: a candidate's call counts for the dial rules, the
 * attempt row written before Retell is called, and why a dial failed.
 */
@Injectable()
export class CallDialingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts the candidate's calls for the dial rules; call it holding the candidate's lock. */
  async dialHistory(
    manager: EntityManager,
    candidateId: number,
    activeStatuses: readonly string[],
  ): Promise<DialHistory> {
    const [row] = await manager.query<HistoryRow[]>(`${HISTORY_SELECT} FROM retell_calls WHERE candidate_id = $1`, [
      candidateId,
      activeStatuses,
    ]);
    return historyOf(row);
  }

  /** {@link dialHistory} of several candidates at once, without locks (for views). */
  async dialHistories(candidateIds: number[], activeStatuses: readonly string[]): Promise<Map<number, DialHistory>> {
    const histories = new Map<number, DialHistory>();
    if (candidateIds.length === 0) return histories;
    const rows = await this.dataSource.query<(HistoryRow & { candidate_id: number })[]>(
      `${HISTORY_SELECT}, candidate_id FROM retell_calls WHERE candidate_id = ANY($1) GROUP BY candidate_id`,
      [candidateIds, activeStatuses],
    );
    for (const row of rows) histories.set(row.candidate_id, historyOf(row));
    return histories;
  }

  /** Writes the attempt row (`dialing`) before Retell is called. */
  insertAttempt(
    manager: EntityManager,
    attempt: Pick<RetellCall, 'candidate_id' | 'attempt' | 'agent_id' | 'job_id' | 'recruiter' | 'campaign_id'>,
  ): Promise<RetellCall> {
    return manager.getRepository(RetellCall).save({ ...attempt, call_status: 'dialing' });
  }

  /** Records why a dial failed; `failed` when Retell refused it (it then does not count). */
  async recordDialFailure(manager: EntityManager, id: number, refused: boolean, reason: string): Promise<void> {
    await manager
      .getRepository(RetellCall)
      .update({ id }, { ...(refused ? { call_status: 'failed' } : {}), dial_error: reason });
  }

  /**
   * A campaign's calls for its limits: those in progress, and those placed during `day` with their
   * cost (Retell's `call_cost.combined_cost`, in cents; a dial Retell refused does not count).
   */
  async campaignUsage(
    manager: EntityManager,
    campaignId: number,
    day: { start: Date; end: Date },
    activeStatuses: readonly string[],
  ): Promise<{ active: number; calls: number; costCents: number }> {
    const [row] = await manager.query<{ active: number; calls: number; cost: number | string | null }[]>(
      `SELECT count(*) FILTER (WHERE call_status = ANY($4))::int AS active,
              count(*) FILTER (WHERE created_at >= $2 AND created_at < $3 AND call_status <> 'failed')::int AS calls,
              coalesce(sum(combined_cost) FILTER (WHERE created_at >= $2 AND created_at < $3), 0) AS cost
       FROM retell_calls WHERE campaign_id = $1`,
      [campaignId, day.start, day.end, activeStatuses],
    );
    return { active: row.active, calls: row.calls, costCents: Number(row.cost ?? 0) };
  }

  /** The candidate's latest call that reached Retell: when it was placed, and by which campaign (null: a recruiter). */
  async lastPlacedCall(
    manager: EntityManager,
    candidateId: number,
  ): Promise<{ created_at: Date; campaign_id: number | null } | null> {
    const [row] = await manager.query<{ created_at: Date | string; campaign_id: number | null }[]>(
      `SELECT created_at, campaign_id FROM retell_calls
       WHERE candidate_id = $1 AND call_status <> 'failed' ORDER BY created_at DESC LIMIT 1`,
      [candidateId],
    );
    return row ? { created_at: instant(row.created_at), campaign_id: intOrNull(row.campaign_id) } : null;
  }
}
