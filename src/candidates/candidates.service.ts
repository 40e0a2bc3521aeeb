import { BadRequestException, Injectable } from '@nestjs/common';
import { CandidateNotFound } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InterviewScheduler } from '../ingestion/interview-scheduler.service.js';
import { CandidateViews } from '../ingestion/candidate-views.service.js';
import type { CandidateView } from '../ingestion/dto/candidate.view.js';
import type { CreateCandidateDto } from './dto/create-candidate.dto.js';
import type { ListCandidatesQuery } from './dto/list-candidates.query.js';
import type { UpdateCandidateDto } from './dto/update-candidate.dto.js';
import { toE164 } from './phone.js';

/** One page of candidates; `next_cursor` is null on the last page. */
export interface CandidatePage {
  items: CandidateView[];
  next_cursor: string | null;
}

interface Cursor {
  updatedAt: Date;
  id: number;
}

function encodeCursor(candidate: Candidate): string {
  return Buffer.from(JSON.stringify([candidate.updated_at.toISOString(), candidate.id])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(typeof updatedAt === 'string' ? updatedAt : NaN);
    const year = date.getUTCFullYear();
    if (Number.isInteger(id) && (id as number) >= 0 && (id as number) <= MAX_ID && year >= 1970 && year <= 9999) {
      return { updatedAt: date, id: id as number };
    }
  } catch {
    // reported below
  }
  throw new BadRequestException('cursor is not a next_cursor of this endpoint');
}

const MAX_ID = 2_147_483_647;

/** Candidate profiles: create, read, list, and recruiter updates. Call data is written elsewhere. */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly scheduler: InterviewScheduler,
    private readonly views: CandidateViews,
  ) {}

  /** @throws BadRequestException → 400 naming `phone` when it is not a valid number */
  async create(dto: CreateCandidateDto): Promise<CandidateView> {
    const fields = { ...dto, phone: this.phone(dto.phone) };
    return this.views.one(await this.transactions.run((manager) => this.candidates.insert(manager, fields)));
  }

  /** @throws CandidateNotFound → 404 */
  async findOne(id: number): Promise<CandidateView> {
    const candidate = await this.candidates.findById(id);
    if (!candidate) throw new CandidateNotFound(id);
    return this.views.one(candidate);
  }

  /** Filters, sorted by `updated_at` then `id`, paged by an opaque cursor. @throws BadRequestException → 400 for a forged cursor */
  async list(query: ListCandidatesQuery): Promise<CandidatePage> {
    const limit = query.limit ?? 20;
    const rows = await this.candidates.list({
      status: query.status,
      interviewScheduled: query.retell_interview_scheduled,
      outcome: query.retell_call_outcome,
      interestLevel: query.retell_interest_level,
      updatedAfter: query.updated_after ? new Date(query.updated_after) : undefined,
      search: query.q?.trim() || undefined,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      order: query.order === 'asc' ? 'ASC' : 'DESC',
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    return {
      items: await this.views.many(items),
      next_cursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
    };
  }

  /** Updates the profile, `status` or `do_not_call`. @throws CandidateNotFound → 404, BadRequestException → 400 */
  async update(id: number, dto: UpdateCandidateDto): Promise<CandidateView> {
    const fields = dto.phone === undefined ? { ...dto } : { ...dto, phone: this.phone(dto.phone) };
    if (Object.keys(fields).length === 0) return this.findOne(id);
    const updated = await this.transactions.run(async (manager) => {
      const row = await this.candidates.update(manager, id, fields);
      // A rejected or withdrawn candidate's interview is cancelled with the decision, e-mail included.
      if (row && (fields.status === 'rejected' || fields.status === 'withdrawn')) {
        await this.scheduler.cancelScheduled(manager, id);
      }
      return row;
    });
    if (!updated) throw new CandidateNotFound(id);
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
