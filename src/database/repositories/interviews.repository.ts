import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Interview, type InterviewStatus } from '../entities/interview.entity.js';
import { instant } from '../row-values.js';

/** Filters of the interview list; `after` is the (starts_at, id) of the previous page's last row. */
export interface InterviewFilter {
  from?: Date;
  to?: Date;
  status?: InterviewStatus;
  candidateId?: number;
  after?: readonly [startsAt: Date, id: number];
  limit: number;
}

/** The fields of a new interview. */
export type NewInterview = Pick<Interview, 'candidate_id' | 'call_id' | 'starts_at' | 'duration_minutes' | 'timezone'>;

/** What a change may set; every change adds one to `sequence`. */
export type InterviewChangeFields = Partial<
  Pick<Interview, 'call_id' | 'starts_at' | 'duration_minutes' | 'timezone' | 'status'>
>;

/** A scheduled interview with what the calendar feed shows of its candidate. */
export interface FeedInterview extends Interview {
  first_name: string;
  last_name: string;
  email: string;
  position: string | null;
  company: string | null;
}

/**
 * All SQL of `interviews`. Methods given an `EntityManager` run inside the caller's transaction
 * (which holds the candidate's row lock); the others read on their own.
 */
@Injectable()
export class InterviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The candidate's scheduled interview, locked; null when there is none. */
  lockScheduled(manager: EntityManager, candidateId: number): Promise<Interview | null> {
    return manager
      .getRepository(Interview)
      .findOne({ where: { candidate_id: candidateId, status: 'scheduled' }, lock: { mode: 'pessimistic_write' } });
  }

  /** The interview, locked; null when there is none. */
  lockById(manager: EntityManager, id: number): Promise<Interview | null> {
    return manager.getRepository(Interview).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(manager: EntityManager, fields: NewInterview): Promise<Interview> {
    const repository = manager.getRepository(Interview);
    const { identifiers } = await repository.insert({ ...fields, status: 'scheduled', sequence: 0 });
    return repository.findOneByOrFail({ id: identifiers[0].id as number });
  }

  /** Applies a change and adds one to `sequence`. @returns the interview as changed */
  async change(manager: EntityManager, id: number, fields: InterviewChangeFields): Promise<Interview> {
    const repository = manager.getRepository(Interview);
    await repository.update({ id }, { ...fields, sequence: () => 'sequence + 1' });
    return repository.findOneByOrFail({ id });
  }

  findById(id: number): Promise<Interview | null> {
    return this.dataSource.getRepository(Interview).findOneBy({ id });
  }

  /** Sorted by `starts_at`, then `id`, ascending; returns up to `limit` rows. */
  list(filter: InterviewFilter): Promise<Interview[]> {
    const builder = this.dataSource.getRepository(Interview).createQueryBuilder('i');
    if (filter.from) builder.andWhere('i.starts_at >= :from', { from: filter.from });
    if (filter.to) builder.andWhere('i.starts_at < :to', { to: filter.to });
    if (filter.status) builder.andWhere('i.status = :status', { status: filter.status });
    if (filter.candidateId) builder.andWhere('i.candidate_id = :candidateId', { candidateId: filter.candidateId });
    if (filter.after) {
      builder.andWhere('(i.starts_at, i.id) > (:cursorAt, :cursorId)', {
        cursorAt: filter.after[0],
        cursorId: filter.after[1],
      });
    }
    return builder.orderBy('i.starts_at', 'ASC').addOrderBy('i.id', 'ASC').take(filter.limit).getMany();
  }

  /** The scheduled interviews of these candidates (at most one each). */
  scheduledOf(candidateIds: number[]): Promise<Interview[]> {
    if (candidateIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(Interview)
      .createQueryBuilder('i')
      .where('i.candidate_id IN (:...ids)', { ids: candidateIds })
      .andWhere(`i.status = 'scheduled'`)
      .getMany();
  }

  /** Every scheduled interview with its candidate's name and contact, by `starts_at`. */
  async feed(): Promise<FeedInterview[]> {
    const rows = await this.dataSource.query<(FeedInterview & { starts_at: Date | string })[]>(
      `SELECT i.*, c.first_name, c.last_name, c.email, c.position, c.company
       FROM interviews i JOIN candidates c ON c.id = i.candidate_id
       WHERE i.status = 'scheduled' ORDER BY i.starts_at, i.id`,
    );
    return rows.map((row) => ({
      ...row,
      starts_at: instant(row.starts_at),
      created_at: instant(row.created_at),
      updated_at: instant(row.updated_at),
    }));
  }
}
