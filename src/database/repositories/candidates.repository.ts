import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { CandidateStatus } from '../entities/candidate-status.js';
import { Candidate } from '../entities/candidate.entity.js';
import type { Statement } from '../sql-statement.js';
import { queryPrepared } from '../prepared-query.js';

/** The profile fields a recruiter writes. */
export type CandidateProfile = Partial<
  Pick<
    Candidate,
    'first_name' | 'last_name' | 'email' | 'phone' | 'position' | 'company' | 'timezone' | 'status' | 'do_not_call'
  >
>;

/** The mirror of the current call's verdict fields, as applying reads it under the candidate's lock. */
export interface LockedCandidate {
  id: number;
  status: CandidateStatus;
  do_not_call: boolean;
  timezone: string | null;
  retell_call_id: string | null;
  retell_call_status: string | null;
  retell_disconnection_reason: string | null;
  retell_in_voicemail: boolean | null;
  retell_interview_scheduled: boolean | null;
  retell_call_outcome: string | null;
  retell_interview_at: Date | null;
}

const CONTACT_COLUMNS = {
  id: true,
  first_name: true,
  last_name: true,
  email: true,
  position: true,
  company: true,
  timezone: true,
  status: true,
} as const;

/** What an interview e-mail needs of its candidate. */
export type CandidateContact = Pick<
  Candidate,
  'id' | 'first_name' | 'last_name' | 'email' | 'position' | 'company' | 'timezone' | 'status'
>;

/** The orders of the candidate list: last update, creation (by id), or name (last, first). */
export const CANDIDATE_SORTS = ['updated_at', 'created_at', 'name'] as const;
export type CandidateSort = (typeof CANDIDATE_SORTS)[number];

/** The columns of each order, the last one unique: a page's position is their values on its last row. */
const SORT_COLUMNS: Record<CandidateSort, readonly string[]> = {
  updated_at: ['c.updated_at', 'c.id'],
  created_at: ['c.id'],
  name: ['c.last_name', 'c.first_name', 'c.id'],
};

/** The sort key of a row in `sort` order (what a cursor of that order holds). */
export function candidateSortKey(row: Candidate, sort: CandidateSort): (Date | number | string)[] {
  switch (sort) {
    case 'updated_at':
      return [row.updated_at, row.id];
    case 'created_at':
      return [row.id];
    case 'name':
      return [row.last_name, row.first_name, row.id];
  }
}

/** What the candidate list matches (also what its total counts). */
export interface CandidateMatch {
  status?: CandidateStatus;
  interviewScheduled?: boolean;
  outcome?: string;
  interestLevel?: string;
  updatedAfter?: Date;
  /** Matched against the start of the first name, last name, "first last" and the e-mail, case-insensitively (a prefix). */
  search?: string;
  /** The position applied for, case-insensitively (the whole text). */
  position?: string;
}

/** Filters, order and position of a page; `after` is the sort key of the previous page's last row. */
export interface CandidateFilter extends CandidateMatch {
  sort: CandidateSort;
  after?: readonly (Date | number | string)[];
  order: 'ASC' | 'DESC';
  limit: number;
}

/** The unique index of e-mail addresses, case-insensitively (migration CandidateEmailUnique). */
const EMAIL_INDEX = 'UQ_candidates_email';

/** Whether `error` is Postgres refusing a second candidate with an e-mail address already on record. */
export function isDuplicateEmail(error: unknown): boolean {
  const { code, constraint, message } = (error ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown };
  return (
    code === '23505' && (constraint === EMAIL_INDEX || (typeof message === 'string' && message.includes(EMAIL_INDEX)))
  );
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** Locks the candidate and reads what applying needs of it. */
const LOCK_FOR_APPLY_SQL = `
SELECT id, status, do_not_call, timezone, retell_call_id, retell_call_status, retell_disconnection_reason,
       retell_in_voicemail, retell_interview_scheduled, retell_call_outcome, retell_interview_at
FROM candidates WHERE id = $1 FOR UPDATE`;

/**
 * All SQL of `candidates`. Methods given an `EntityManager` run inside the caller's transaction;
 * the others read on their own.
 */
@Injectable()
export class CandidatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, fields: CandidateProfile): Promise<Candidate> {
    const repository = manager.getRepository(Candidate);
    const { identifiers } = await repository.insert(fields);
    return repository.findOneByOrFail({ id: identifiers[0].id as number });
  }

  findById(id: number, manager: EntityManager = this.dataSource.manager): Promise<Candidate | null> {
    return manager.getRepository(Candidate).findOneBy({ id });
  }

  /** The candidate with this e-mail address, compared case-insensitively (the unique index), or null. */
  async idByEmail(email: string): Promise<number | null> {
    const rows: { id: number }[] = await this.dataSource.query(
      'SELECT id FROM candidates WHERE lower(email) = lower($1)',
      [email],
    );
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  exists(id: number): Promise<boolean> {
    return this.dataSource.getRepository(Candidate).existsBy({ id });
  }

  /** @returns the updated candidate, or null when there is none with this id */
  async update(manager: EntityManager, id: number, fields: CandidateProfile): Promise<Candidate | null> {
    const repository = manager.getRepository(Candidate);
    const { affected } = await repository.update({ id }, fields);
    return affected ? repository.findOneByOrFail({ id }) : null;
  }

  /** Filtered, in `sort` order, after `after`; returns up to `limit` rows. */
  list(filter: CandidateFilter): Promise<Candidate[]> {
    const builder = this.matching(filter);
    const columns = SORT_COLUMNS[filter.sort];
    if (filter.after) {
      const names = columns.map((_, i) => `:key${i}`);
      builder.andWhere(
        `(${columns.join(', ')}) ${filter.order === 'DESC' ? '<' : '>'} (${names.join(', ')})`,
        Object.fromEntries(filter.after.map((value, i) => [`key${i}`, value])),
      );
    }
    columns.forEach((column, i) =>
      i === 0 ? builder.orderBy(column, filter.order) : builder.addOrderBy(column, filter.order),
    );
    return builder.take(filter.limit).getMany();
  }

  /**
   * How many candidates match, counting at most `cap` + 1 rows, so that a count costs the same
   * whatever the table's size. @returns the count, and whether it stopped at the cap
   */
  async count(match: CandidateMatch, cap: number): Promise<{ total: number; capped: boolean }> {
    const [rows, params] = this.matching(match)
      .select('1')
      .limit(cap + 1)
      .getQueryAndParameters();
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (${rows}) AS m`,
      params,
    );
    return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
  }

  /** The ids of the candidates that match, oldest first, at most `cap` (a campaign's "everyone matching"). */
  async idsMatching(match: CandidateMatch, cap: number): Promise<number[]> {
    const rows = await this.matching(match)
      .select('c.id', 'id')
      .orderBy('c.id')
      .limit(cap)
      .getRawMany<{ id: number }>();
    return rows.map((row) => row.id);
  }

  /** What a campaign checks of each candidate before adding it, by id. */
  outreachFacts(ids: number[]): Promise<Pick<Candidate, 'id' | 'phone' | 'do_not_call' | 'status'>[]> {
    return this.dataSource.getRepository(Candidate).find({
      select: { id: true, phone: true, do_not_call: true, status: true },
      where: { id: In(ids) },
    });
  }

  private matching(filter: CandidateMatch) {
    const builder = this.dataSource.getRepository(Candidate).createQueryBuilder('c');
    if (filter.status) builder.andWhere('c.status = :status', { status: filter.status });
    if (filter.interviewScheduled !== undefined) {
      builder.andWhere('c.retell_interview_scheduled = :scheduled', { scheduled: filter.interviewScheduled });
    }
    if (filter.outcome) builder.andWhere('c.retell_call_outcome = :outcome', { outcome: filter.outcome });
    if (filter.interestLevel)
      builder.andWhere('c.retell_interest_level = :interest', { interest: filter.interestLevel });
    if (filter.updatedAfter) builder.andWhere('c.updated_at > :after', { after: filter.updatedAfter });
    if (filter.position) builder.andWhere('lower(c.position) = lower(:position)', { position: filter.position });
    if (filter.search) {
      // Prefixes only, so that the three text_pattern_ops indexes answer (migration CandidateSearchPrefix).
      builder.andWhere(
        "(lower(c.email) LIKE :prefix OR lower(c.first_name || ' ' || c.last_name) LIKE :prefix OR lower(c.last_name) LIKE :prefix)",
        { prefix: `${escapeLike(filter.search.toLowerCase())}%` },
      );
    }
    return builder;
  }

  /** Locks the candidate row for applying call data; undefined when there is none. */
  async lockForApply(manager: EntityManager, id: number): Promise<LockedCandidate | undefined> {
    const [row] = await queryPrepared<LockedCandidate>(manager, LOCK_FOR_APPLY_SQL, [id]);
    return row;
  }

  /** Locks the candidate row and reads its contact fields; null when there is none. */
  lockContact(manager: EntityManager, id: number): Promise<CandidateContact | null> {
    return manager.getRepository(Candidate).findOne({
      select: CONTACT_COLUMNS,
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Reads the candidate's contact fields inside the caller's transaction; null when there is none. */
  contactOf(manager: EntityManager, id: number): Promise<CandidateContact | null> {
    return manager.getRepository(Candidate).findOne({
      select: CONTACT_COLUMNS,
      where: { id },
    });
  }

  /** Locks the candidate row before a dial; null when there is none. */
  lockForDial(manager: EntityManager, id: number): Promise<Candidate | null> {
    return manager.getRepository(Candidate).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Locks the candidate for a campaign's dial without waiting: a candidate locked by another
   * transaction (a webhook being applied, a recruiter's call, an erasure) is passed over this time,
   * so a dispatch round never waits on a candidate while it holds campaign rows.
   * @returns the candidate, `locked` when another transaction holds it, or null when there is none
   */
  async tryLockForDial(manager: EntityManager, id: number): Promise<Candidate | 'locked' | null> {
    const candidate = await manager
      .getRepository(Candidate)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } });
    if (candidate) return candidate;
    return (await manager.getRepository(Candidate).existsBy({ id })) ? 'locked' : null;
  }

  /** Locks the candidate row before erasing it; false when there is none. */
  async lockForErase(manager: EntityManager, id: number): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT id FROM candidates WHERE id = $1 FOR UPDATE', [id]);
    return rows.length > 0;
  }

  /** Deletes the candidate; its call records go with it (`retell_calls` cascades). */
  async delete(manager: EntityManager, id: number): Promise<void> {
    await manager.query('DELETE FROM candidates WHERE id = $1', [id]);
  }

  /**
   * Every candidate counted by current status (an index-only scan of `IDX_candidates_status_updated`),
   * on `db` (the report pool for analytics).
   */
  async countByStatus(
    db: Pick<DataSource, 'query'> = this.dataSource,
  ): Promise<Partial<Record<CandidateStatus, number>>> {
    const rows = await db.query<{ status: CandidateStatus; n: number }[]>(
      'SELECT status, count(*)::int AS n FROM candidates GROUP BY status',
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  async setStatus(manager: EntityManager, id: number, status: CandidateStatus): Promise<void> {
    await manager.query('UPDATE candidates SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
  }

  /** Adds an update of the candidate's columns to a batched statement (no round trip of its own). */
  addUpdate(statement: Statement, id: number, columns: Record<string, unknown>): void {
    statement.add(
      `UPDATE candidates SET ${statement.assign(columns)}, updated_at = now() WHERE id = ${statement.param(id)}`,
    );
  }

  /**
   * Adds a status change to a batched statement; with `unless` (an SQL condition built on the same
   * statement), the change happens only when that condition is false when the statement runs.
   * `also` are columns written whatever the condition, in the same update: a statement must update
   * a row once (of two updates of one row in one statement, only one takes effect).
   */
  addStatus(
    statement: Statement,
    id: number,
    status: CandidateStatus,
    unless?: string,
    also: Record<string, unknown> = {},
  ): void {
    if (Object.keys(also).length === 0) {
      statement.add(
        `UPDATE candidates SET status = ${statement.param(status)}, updated_at = now() WHERE id = ${statement.param(id)}${unless ? ` AND NOT ${unless}` : ''}`,
      );
      return;
    }
    const next = statement.param(status);
    const set = unless ? `CASE WHEN ${unless} THEN status ELSE ${next} END` : next;
    statement.add(
      `UPDATE candidates SET status = ${set}, ${statement.assign(also)}, updated_at = now() WHERE id = ${statement.param(id)}`,
    );
  }

  /** Writes the `retell_*` mirror (and anything else the applier owns) outside a batch. */
  async updateColumns(manager: EntityManager, id: number, columns: Record<string, unknown>): Promise<void> {
    await manager.getRepository(Candidate).update({ id }, columns);
  }
}
