import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed } from '../common/change-feed.js';
import { CallingNotConfigured, CampaignNotFound, CampaignTransitionNotAllowed } from '../common/errors.js';
import { decodeCursor, pageSize, PageQuery, toPage, type Page } from '../common/paging.js';
import { MAX_INTEGER_ID } from '../common/decimal-integer.js';
import { invalidField } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import type { Campaign } from '../database/entities/campaign.entity.js';
import {
  CampaignCandidatesRepository,
  type NewMember,
} from '../database/repositories/campaign-candidates.repository.js';
import { CampaignsRepository } from '../database/repositories/campaigns.repository.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Dialer } from '../dialing/dialer.service.js';
import { campaignTransition, skipReason, type CampaignAction } from '../rules/campaign-rules.js';
import { MAX_AUDIENCE, type CampaignAudienceDto } from './dto/campaign-audience.dto.js';
import { toCampaignCandidateView, type CampaignCandidateView } from './dto/campaign-candidate.view.js';
import { toCampaignView, type CampaignView } from './dto/campaign.view.js';
import type { CreateCampaignDto } from './dto/create-campaign.dto.js';
import type { ListCampaignCandidatesQuery } from './dto/list-campaign-candidates.query.js';

/** Campaign settings a request leaves out. */
const DEFAULTS = {
  max_attempts: 3,
  retry_delays: ['PT4H', 'P1D'],
  max_concurrent_calls: 5,
  calling_days: [1, 2, 3, 4, 5],
};

/**
 * Outreach campaigns: create one with its audience, add candidates, move it through its lifecycle,
 * and read its progress. The calls themselves are placed by the campaign dispatcher, which each
 * committed `campaign` change wakes through the change feed.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly members: CampaignCandidatesRepository,
    private readonly candidates: CandidatesRepository,
    private readonly transactions: TransactionRunner,
    private readonly dialer: Dialer,
    private readonly feed: ChangeFeed,
    private readonly config: AppConfig,
  ) {}

  /**
   * Creates a `draft` campaign with its candidates.
   * @throws BadRequestException → 400 naming `candidate_ids` with the unknown ids listed
   */
  async create(dto: CreateCampaignDto): Promise<CampaignView> {
    const audience = await this.audience(dto);
    const campaign = await this.transactions.run(async (manager) => {
      const created = await this.campaigns.insert(manager, {
        name: dto.name,
        job_id: dto.job_id ?? null,
        agent_id: dto.agent_id ?? null,
        recruiter: dto.recruiter ?? null,
        dynamic_variables: dto.dynamic_variables ?? {},
        max_attempts: dto.max_attempts ?? DEFAULTS.max_attempts,
        retry_delays: dto.retry_delays ?? DEFAULTS.retry_delays,
        max_concurrent_calls: dto.max_concurrent_calls ?? DEFAULTS.max_concurrent_calls,
        calling_days: [...(dto.calling_days ?? DEFAULTS.calling_days)].sort(),
        daily_call_limit: dto.daily_call_limit ?? null,
        daily_budget_cents: dto.daily_budget_cents ?? null,
      });
      await this.members.add(manager, created.id, audience);
      this.feed.afterCommit(manager, { kind: 'campaign', id: created.id });
      return created;
    });
    return this.view(campaign);
  }

  /**
   * Adds candidates to a draft, running or paused campaign; those already in it stay as they are.
   * @throws CampaignNotFound → 404; CampaignTransitionNotAllowed → 409 once it is finished;
   *   BadRequestException → 400 naming `candidate_ids` with the unknown ids listed
   */
  async addCandidates(id: number, dto: CampaignAudienceDto): Promise<CampaignView> {
    const audience = await this.audience(dto);
    await this.transactions.run(async (manager) => {
      const campaign = await this.lock(manager, id);
      if (campaign.status === 'completed' || campaign.status === 'cancelled') {
        throw new CampaignTransitionNotAllowed(id, campaign.status, 'add candidates');
      }
      await this.members.add(manager, id, audience);
      this.feed.afterCommit(manager, { kind: 'campaign', id });
    });
    return this.get(id);
  }

  /**
   * `start`, `pause`, `resume` or `cancel`. Pause stops new dials and lets calls in progress finish;
   * cancel also ends every wait for a next attempt.
   * @throws CampaignNotFound → 404; CampaignTransitionNotAllowed → 409 when impossible from its status;
   *   CallingNotConfigured → 503 on start or resume when calls cannot be placed
   */
  async act(id: number, action: CampaignAction): Promise<CampaignView> {
    await this.transactions.run(async (manager) => {
      const campaign = await this.lock(manager, id);
      const next = campaignTransition(campaign.status, action);
      if (!next) throw new CampaignTransitionNotAllowed(id, campaign.status, action);
      if (next === 'running' && !this.dialer.canDial(campaign.agent_id)) {
        throw CallingNotConfigured('RETELL_FROM_NUMBER and RETELL_AGENT_ID (or the campaign agent_id)');
      }
      await this.campaigns.setStatus(manager, id, next);
      if (next === 'cancelled') await this.members.cancelWaiting(manager, id);
      this.feed.afterCommit(manager, { kind: 'campaign', id });
    });
    return this.get(id);
  }

  /** @throws CampaignNotFound → 404 */
  async get(id: number): Promise<CampaignView> {
    const campaign = await this.campaigns.findById(id);
    if (!campaign) throw CampaignNotFound(id);
    return this.view(campaign);
  }

  /** Newest first. @throws BadRequestException → 400 naming `cursor` when it is forged */
  async list(query: PageQuery): Promise<Page<CampaignView>> {
    const limit = pageSize(query);
    const before = query.cursor ? decodeCursor(query.cursor, ['id'] as const, MAX_INTEGER_ID)[0] : undefined;
    const rows = await this.campaigns.list(limit + 1, before);
    const counts = await this.members.countsOf(rows.slice(0, limit).map((row) => row.id));
    return toPage(
      rows,
      limit,
      (row) => [row.id],
      (row) => toCampaignView(row, counts.get(row.id)),
    );
  }

  /**
   * The campaign's candidates in the order they were added or best screening answers first,
   * optionally of one state.
   * @throws CampaignNotFound → 404; BadRequestException → 400 naming `cursor` when it is forged
   */
  async listCandidates(id: number, query: ListCampaignCandidatesQuery): Promise<Page<CampaignCandidateView>> {
    if (!(await this.campaigns.findById(id))) throw CampaignNotFound(id);
    const limit = pageSize(query);
    const sort = query.sort ?? 'added';
    const after = !query.cursor
      ? undefined
      : sort === 'rank'
        ? decodeCursor(query.cursor, ['id', 'id'] as const, MAX_INTEGER_ID)
        : decodeCursor(query.cursor, ['id'] as const, MAX_INTEGER_ID);
    const rows = await this.members.list(id, { state: query.state, sort, after, limit: limit + 1 });
    return toPage(
      rows,
      limit,
      (row) => (sort === 'rank' ? [row.rank, row.id] : [row.id]),
      (row) => toCampaignCandidateView(row, this.config.DEFAULT_TIMEZONE),
    );
  }

  private async lock(manager: EntityManager, id: number): Promise<Campaign> {
    const campaign = await this.campaigns.lock(manager, id);
    if (!campaign) throw CampaignNotFound(id);
    return campaign;
  }

  private async view(campaign: Campaign): Promise<CampaignView> {
    const counts = await this.members.countsOf([campaign.id]);
    return toCampaignView(campaign, counts.get(campaign.id));
  }

  /**
   * The candidates a request names: its ids and everyone matching its filter, each queued or
   * skipped with the reason (do-not-call, no phone, already decided).
   * @throws BadRequestException → 400 naming `candidate_ids` with the unknown ids listed
   */
  private async audience(dto: CampaignAudienceDto): Promise<NewMember[]> {
    const ids = new Set(dto.candidate_ids ?? []);
    if (dto.filter) {
      const matching = await this.candidates.idsMatching(dto.filter, MAX_AUDIENCE + 1);
      if (matching.length > MAX_AUDIENCE) {
        throw invalidField('filter', `more than ${MAX_AUDIENCE} candidates match: narrow the filter`);
      }
      for (const id of matching) ids.add(id);
    }
    if (ids.size > MAX_AUDIENCE) {
      throw invalidField('candidate_ids', `a campaign request adds at most ${MAX_AUDIENCE} candidates`);
    }
    const facts = await this.candidates.outreachFacts([...ids]);
    const known = new Set(facts.map((candidate) => candidate.id));
    const unknown = [...ids].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw invalidField('candidate_ids', `unknown candidate ids: ${unknown.slice(0, 50).join(', ')}`);
    }
    return facts
      .sort((a, b) => a.id - b.id)
      .map((candidate) => ({ candidate_id: candidate.id, skip_reason: skipReason(candidate) }));
  }
}
