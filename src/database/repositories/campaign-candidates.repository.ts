import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CampaignCandidate } from '../entities/campaign-candidate.entity.js';
import type { CampaignCandidateState, SkipReason } from '../entities/campaign-states.js';
import { instantOrNull, int, intOrNull } from '../row-values.js';

/** A candidate to add: queued, or skipped with a reason. */
export interface NewMember {
  candidate_id: number;
  skip_reason: SkipReason | null;
}

/** A `calling` member with what settling its attempt reads: its call row and its candidate. */
export interface CallingMember {
  id: number;
  candidate_id: number | null;
  attempts: number;
  candidate_timezone: string | null;
  candidate_do_not_call: boolean | null;
  candidate_status: string | null;
  call_status: string | null;
  disconnection_reason: string | null;
  in_voicemail: boolean | null;
  verdict: string | null;
  analyzed: boolean;
  call_updated_at: Date | null;
}

/** A member as its list shows it: with its candidate's name, zone and screening answers, and its latest call's id. */
export interface CampaignMemberRow extends CampaignCandidate {
  first_name: string | null;
  last_name: string | null;
  timezone: string | null;
  last_call_id: string | null;
  is_qualified: boolean | null;
  interest_level: string | null;
  years_of_experience: number | null;
  salary_expectation: number | null;
  technical_skills: string[] | null;
  /** The screening rank ({@link SCREENING_RANK_SQL}); higher is better. */
  rank: number;
}

/**
 * The screening rank of a candidate, from the call's answers, in order of weight: whether the
 * candidate is interested at all (Not Interested last), qualified (yes, unknown, no), interest
 * (High, Medium, Low, unknown), then years of experience (capped at 99). One integer, so that a
 * page of the ranking is a keyset of (rank, id).
 */
const SCREENING_RANK_SQL = `(
  (CASE WHEN c.retell_interest_level = 'Not Interested' THEN 0 ELSE 1 END) * 1000000
  + (CASE c.retell_is_qualified WHEN true THEN 2 WHEN false THEN 0 ELSE 1 END) * 100000
  + (CASE c.retell_interest_level WHEN 'High' THEN 3 WHEN 'Medium' THEN 2 WHEN 'Low' THEN 1 ELSE 0 END) * 1000
  + least(greatest(coalesce(c.retell_years_of_experience, 0), 0), 99)::int
)`;

/**
 * Filters and order of a campaign's candidate list: in the order they were added (`after` is the
 * last id of the previous page), or best screening answers first (`after` is its rank and id).
 */
export interface MemberFilter {
  state?: CampaignCandidateState;
  sort: 'added' | 'rank';
  after?: readonly [number] | readonly [number, number];
  limit: number;
}

const ADD_SQL = `
WITH input AS (
  SELECT * FROM unnest($2::int[], $3::text[]) AS t(candidate_id, skip_reason)
), elsewhere AS (
  SELECT DISTINCT candidate_id FROM campaign_candidates
  WHERE candidate_id = ANY($2) AND campaign_id <> $1 AND state IN ('queued', 'calling', 'retry_scheduled')
)
INSERT INTO campaign_candidates (campaign_id, candidate_id, state, skip_reason)
SELECT $1, i.candidate_id,
       CASE WHEN i.skip_reason IS NULL AND e.candidate_id IS NULL THEN 'queued' ELSE 'skipped' END,
       coalesce(i.skip_reason, CASE WHEN e.candidate_id IS NOT NULL THEN 'in_another_campaign' END)
FROM input i LEFT JOIN elsewhere e USING (candidate_id)
ORDER BY i.candidate_id
ON CONFLICT DO NOTHING
RETURNING id`;

const CALLING_SQL = `
SELECT m.id, m.candidate_id, m.attempts,
       c.timezone AS candidate_timezone, c.do_not_call AS candidate_do_not_call, c.status AS candidate_status,
       r.call_status, r.disconnection_reason, r.in_voicemail, r.verdict,
       (r.call_analysis IS NOT NULL) AS analyzed, r.updated_at AS call_updated_at
FROM campaign_candidates m
LEFT JOIN candidates c ON c.id = m.candidate_id
LEFT JOIN retell_calls r ON r.id = m.last_attempt_id
WHERE m.campaign_id = $1 AND m.state = 'calling'
ORDER BY m.id`;

/**
 * All SQL of `campaign_candidates`: who is in a campaign, in which state, and when each is due.
 * A candidate is in at most one open campaign (`UQ_campaign_candidates_open`).
 */
@Injectable()
export class CampaignCandidatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds candidates not yet in the campaign, in one statement; one already open in another
   * campaign is added as `skipped` (`in_another_campaign`). @returns how many rows were added
   */
  async add(manager: EntityManager, campaignId: number, members: NewMember[]): Promise<number> {
    if (members.length === 0) return 0;
    const rows = await manager.query<unknown[]>(ADD_SQL, [
      campaignId,
      members.map((member) => member.candidate_id),
      members.map((member) => member.skip_reason),
    ]);
    return rows.length;
  }

  /** Members per state of each campaign, in one query. */
  async countsOf(campaignIds: number[]): Promise<Map<number, Map<CampaignCandidateState, number>>> {
    const counts = new Map<number, Map<CampaignCandidateState, number>>();
    if (campaignIds.length === 0) return counts;
    const rows = await this.dataSource.query<{ campaign_id: number; state: CampaignCandidateState; n: number }[]>(
      `SELECT campaign_id, state, count(*)::int AS n FROM campaign_candidates
       WHERE campaign_id = ANY($1) GROUP BY campaign_id, state`,
      [campaignIds],
    );
    for (const row of rows) {
      const of = counts.get(row.campaign_id) ?? new Map<CampaignCandidateState, number>();
      of.set(row.state, row.n);
      counts.set(row.campaign_id, of);
    }
    return counts;
  }

  /** A page of members (see {@link MemberFilter}), with their candidate and latest call. */
  async list(campaignId: number, filter: MemberFilter): Promise<CampaignMemberRow[]> {
    const builder = this.dataSource
      .getRepository(CampaignCandidate)
      .createQueryBuilder('m')
      .leftJoin('candidates', 'c', 'c.id = m.candidate_id')
      .leftJoin('retell_calls', 'r', 'r.id = m.last_attempt_id')
      .addSelect([
        'c.first_name AS first_name',
        'c.last_name AS last_name',
        'c.timezone AS timezone',
        'c.retell_is_qualified AS is_qualified',
        'c.retell_interest_level AS interest_level',
        'c.retell_years_of_experience AS years_of_experience',
        'c.retell_salary_expectation AS salary_expectation',
        'c.retell_technical_skills AS technical_skills',
        'r.call_id AS last_call_id',
        `${SCREENING_RANK_SQL} AS rank`,
      ])
      .where('m.campaign_id = :campaignId', { campaignId });
    if (filter.state) builder.andWhere('m.state = :state', { state: filter.state });
    if (filter.sort === 'rank') {
      if (filter.after?.length === 2) {
        builder.andWhere(`(${SCREENING_RANK_SQL} < :rank OR (${SCREENING_RANK_SQL} = :rank AND m.id > :id))`, {
          rank: filter.after[0],
          id: filter.after[1],
        });
      }
      builder.orderBy(SCREENING_RANK_SQL, 'DESC').addOrderBy('m.id', 'ASC');
    } else {
      if (filter.after) builder.andWhere('m.id > :after', { after: filter.after[0] });
      builder.orderBy('m.id', 'ASC');
    }
    const { entities, raw } = await builder.limit(filter.limit).getRawAndEntities();
    return entities.map((member, index) => {
      const extra = raw[index] as Record<string, unknown>;
      return {
        ...member,
        first_name: extra.first_name as string | null,
        last_name: extra.last_name as string | null,
        timezone: extra.timezone as string | null,
        last_call_id: extra.last_call_id as string | null,
        is_qualified: extra.is_qualified as boolean | null,
        interest_level: extra.interest_level as string | null,
        years_of_experience: extra.years_of_experience as number | null,
        salary_expectation: extra.salary_expectation as number | null,
        technical_skills: extra.technical_skills as string[] | null,
        rank: int(extra.rank),
      };
    });
  }

  /** Members whose call has not been settled, with their call and candidate. */
  async calling(manager: EntityManager, campaignId: number): Promise<CallingMember[]> {
    const rows = await manager.query<Record<string, unknown>[]>(CALLING_SQL, [campaignId]);
    return rows.map((row) => ({
      id: int(row.id),
      candidate_id: intOrNull(row.candidate_id),
      attempts: int(row.attempts),
      candidate_timezone: row.candidate_timezone as string | null,
      candidate_do_not_call: row.candidate_do_not_call as boolean | null,
      candidate_status: row.candidate_status as string | null,
      call_status: row.call_status as string | null,
      disconnection_reason: row.disconnection_reason as string | null,
      in_voicemail: row.in_voicemail as boolean | null,
      verdict: row.verdict as string | null,
      analyzed: row.analyzed === true,
      call_updated_at: instantOrNull(row.call_updated_at as Date | string | null),
    }));
  }

  /** Up to `limit` members due at `now` (queued ones first, then by due time), locked. */
  due(manager: EntityManager, campaignId: number, now: Date, limit: number): Promise<CampaignCandidate[]> {
    if (limit <= 0) return Promise.resolve([]);
    return manager
      .getRepository(CampaignCandidate)
      .createQueryBuilder('m')
      .where("m.campaign_id = :campaignId AND m.state IN ('queued', 'retry_scheduled')", { campaignId })
      .andWhere('(m.next_attempt_at IS NULL OR m.next_attempt_at <= :now)', { now })
      .orderBy('m.next_attempt_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('m.id', 'ASC')
      .take(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Writes a member's new state (and whatever else changed). */
  async update(
    manager: EntityManager,
    id: number,
    patch: Partial<Omit<CampaignCandidate, 'id' | 'campaign_id' | 'candidate_id' | 'created_at' | 'updated_at'>>,
  ): Promise<void> {
    await manager.getRepository(CampaignCandidate).update({ id }, patch);
  }

  /**
   * Writes a member's new state only while it is still `calling` on the attempt `attemptId`.
   * @returns whether it was written
   */
  async updateIfCalling(
    manager: EntityManager,
    id: number,
    attemptId: number,
    patch: Partial<Pick<CampaignCandidate, 'state' | 'attempts' | 'dial_failures' | 'next_attempt_at'>>,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(CampaignCandidate)
      .update({ id, state: 'calling', last_attempt_id: attemptId }, patch);
    return (result.affected ?? 0) > 0;
  }

  /** Cancels the members with an attempt still to make (a call in progress finishes first). */
  async cancelWaiting(manager: EntityManager, campaignId: number): Promise<void> {
    await manager.query(
      `UPDATE campaign_candidates SET state = 'cancelled', next_attempt_at = NULL, updated_at = now()
       WHERE campaign_id = $1 AND state IN ('queued', 'retry_scheduled')`,
      [campaignId],
    );
  }

  /** Whether any member still has an attempt to make or a call to finish. */
  async hasOpen(manager: EntityManager, campaignId: number): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM campaign_candidates
       WHERE campaign_id = $1 AND state IN ('queued', 'calling', 'retry_scheduled') LIMIT 1`,
      [campaignId],
    );
    return rows.length > 0;
  }

  /**
   * The earliest time a member of a running campaign is due (a queued one: now), leaving out the
   * campaigns in `except` (those without room to dial); null when none waits.
   */
  async nextDueAt(now: Date, except: number[] = []): Promise<Date | null> {
    const [row] = await this.dataSource.query<{ queued: boolean | null; at: Date | string | null }[]>(
      `SELECT bool_or(m.next_attempt_at IS NULL) AS queued, min(m.next_attempt_at) AS at
       FROM campaign_candidates m JOIN campaigns k ON k.id = m.campaign_id
       WHERE k.status = 'running' AND m.state IN ('queued', 'retry_scheduled') AND NOT (k.id = ANY($1))`,
      [except],
    );
    return row.queued ? now : instantOrNull(row.at);
  }

  /** The open campaign of each candidate that is in one, with when its next attempt is due. */
  async openOf(candidateIds: number[]): Promise<Map<number, { campaign_id: number; next_attempt_at: Date | null }>> {
    const places = new Map<number, { campaign_id: number; next_attempt_at: Date | null }>();
    if (candidateIds.length === 0) return places;
    const rows = await this.dataSource.query<
      { candidate_id: number; campaign_id: number; next_attempt_at: Date | string | null }[]
    >(
      `SELECT candidate_id, campaign_id, next_attempt_at FROM campaign_candidates
       WHERE candidate_id = ANY($1) AND state IN ('queued', 'calling', 'retry_scheduled')`,
      [candidateIds],
    );
    for (const row of rows) {
      places.set(row.candidate_id, {
        campaign_id: row.campaign_id,
        next_attempt_at: instantOrNull(row.next_attempt_at),
      });
    }
    return places;
  }
}
