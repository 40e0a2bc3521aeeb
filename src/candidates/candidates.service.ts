import { BadRequestException, Injectable } from '@nestjs/common';
import { ChangeFeed } from '../common/change-feed.js';
import { CandidateNotFound } from '../common/errors.js';
import { decodeCursor, pageSize, toPage, type Page } from '../common/paging.js';
import { AppConfig } from '../config/app-config.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InterviewScheduler } from '../scheduling/interview-scheduler.service.js';
import { CandidateViews } from '../views/candidate-views.service.js';
import type { CandidateView } from '../views/candidate.view.js';
import type { CreateCandidateDto } from './dto/create-candidate.dto.js';
import type { ListCandidatesQuery } from './dto/list-candidates.query.js';
import type { UpdateCandidateDto } from './dto/update-candidate.dto.js';
import { toE164 } from './phone.js';

/** Candidate profiles: create, read, list, and recruiter updates. Call data is written elsewhere. */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly scheduler: InterviewScheduler,
    private readonly views: CandidateViews,
    private readonly feed: ChangeFeed,
  ) {}

  /** @throws BadRequestException → 400 naming `phone` when it is not a valid number */
  async create(dto: CreateCandidateDto): Promise<CandidateView> {
    const fields = { ...dto, phone: this.phone(dto.phone) };
    const created = await this.transactions.run(async (manager) => {
      const row = await this.candidates.insert(manager, fields);
      this.feed.afterCommit(manager, { kind: 'candidate', id: row.id, candidate_id: row.id });
      return row;
    });
    return this.views.one(created);
  }

  /** @throws CandidateNotFound → 404 */
  async findOne(id: number): Promise<CandidateView> {
    const candidate = await this.candidates.findById(id);
    if (!candidate) throw CandidateNotFound(id);
    return this.views.one(candidate);
  }

  /** Filters, sorted by `updated_at` then `id`, paged by an opaque cursor. @throws BadRequestException → 400 naming `cursor` when it is forged */
  async list(query: ListCandidatesQuery): Promise<Page<CandidateView>> {
    const limit = pageSize(query);
    const rows = await this.candidates.list({
      status: query.status,
      interviewScheduled: query.retell_interview_scheduled,
      outcome: query.retell_call_outcome,
      interestLevel: query.retell_interest_level,
      updatedAfter: query.updated_after ? new Date(query.updated_after) : undefined,
      search: query.q?.trim() || undefined,
      after: query.cursor ? decodeCursor(query.cursor, ['instant', 'id'] as const) : undefined,
      order: query.order === 'asc' ? 'ASC' : 'DESC',
      limit: limit + 1,
    });
    const page = toPage(
      rows,
      limit,
      (row) => [row.updated_at, row.id],
      (row) => row,
    );
    return { ...page, items: await this.views.many(page.items) };
  }

  /** Updates the profile, `status` or `do_not_call`. @throws CandidateNotFound → 404, BadRequestException → 400 */
  async update(id: number, dto: UpdateCandidateDto): Promise<CandidateView> {
    const fields = dto.phone === undefined ? { ...dto } : { ...dto, phone: this.phone(dto.phone) };
    if (Object.keys(fields).length === 0) return this.findOne(id);
    const updated = await this.transactions.run(async (manager) => {
      const row = await this.candidates.update(manager, id, fields);
      if (row) this.feed.afterCommit(manager, { kind: 'candidate', id, candidate_id: id });
      // A rejected or withdrawn candidate's interview is cancelled with the decision, e-mail included.
      if (row && (fields.status === 'rejected' || fields.status === 'withdrawn')) {
        await this.scheduler.cancelScheduled(manager, id);
      }
      return row;
    });
    if (!updated) throw CandidateNotFound(id);
    return this.views.one(updated);
  }

  private phone(input: string): string {
    const e164 = toE164(input, this.config.DEFAULT_PHONE_REGION);
    if (!e164) {
      throw new BadRequestException({
        message: 'phone must be a valid phone number in E.164 format (e.g. +14155550199)',
        details: [{ field: 'phone', errors: ['not a valid phone number'] }],
      });
    }
    return e164;
  }
}
