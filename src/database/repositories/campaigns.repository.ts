import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import type { CampaignStatus } from '../entities/campaign-states.js';
import { Campaign } from '../entities/campaign.entity.js';

/** The settings a campaign is created with. */
export type NewCampaign = Pick<
  Campaign,
  | 'name'
  | 'job_id'
  | 'agent_id'
  | 'recruiter'
  | 'dynamic_variables'
  | 'max_attempts'
  | 'retry_delays'
  | 'max_concurrent_calls'
  | 'calling_days'
  | 'daily_call_limit'
  | 'daily_budget_cents'
>;

/**
 * All SQL of `campaigns`. A dispatch round of a campaign holds its row lock (`FOR UPDATE SKIP
 * LOCKED`), so on Postgres one replica at a time dials for a campaign and the others pass it by.
 */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(Campaign);
  }

  /** Writes a new `draft` campaign. */
  insert(manager: EntityManager, campaign: NewCampaign): Promise<Campaign> {
    return manager.getRepository(Campaign).save({ ...campaign, status: 'draft' });
  }

  findById(id: number): Promise<Campaign | null> {
    return this.repository.findOneBy({ id });
  }

  /** Locks the campaign (a recruiter's action waits for a dispatch round to end); null when there is none. */
  lock(manager: EntityManager, id: number): Promise<Campaign | null> {
    return manager.getRepository(Campaign).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Locks the campaign unless another transaction holds it (another replica's round); null then. */
  tryLock(manager: EntityManager, id: number): Promise<Campaign | null> {
    return manager
      .getRepository(Campaign)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } });
  }

  /** Moves the campaign to `status`, stamping when it started or finished. */
  async setStatus(manager: EntityManager, id: number, status: CampaignStatus): Promise<void> {
    const finished = status === 'completed' || status === 'cancelled';
    await manager.getRepository(Campaign).update(
      { id },
      {
        status,
        ...(status === 'running' ? { started_at: () => 'coalesce(started_at, now())' } : {}),
        ...(finished ? { finished_at: () => 'now()' } : {}),
      },
    );
  }

  /** Newest first; `before` is the last id of the previous page. */
  list(limit: number, before?: number): Promise<Campaign[]> {
    return this.repository.find({
      where: before === undefined ? {} : { id: LessThan(before) },
      order: { id: 'DESC' },
      take: limit,
    });
  }

  /** The ids of campaigns a dispatch round visits: running ones, and any with a call still to settle. */
  async dispatchable(): Promise<number[]> {
    const rows = await this.dataSource.query<{ id: number }[]>(
      `SELECT id FROM campaigns WHERE status = 'running'
       UNION
       SELECT DISTINCT campaign_id FROM campaign_candidates WHERE state = 'calling'
       ORDER BY 1`,
    );
    return rows.map((row) => row.id);
  }
}
