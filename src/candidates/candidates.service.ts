import { BadRequestException, Injectable } from '@nestjs/common';
import { ChangeFeed } from '../common/change-feed.js';
import { CandidateExists, CandidateNotFound } from '../common/errors.js';
import { decodeCursor, pageSize, toPage, type CursorPart, type Page } from '../common/paging.js';
import { MAX_INTEGER_ID } from '../common/decimal-integer.js';
import { AppConfig } from '../config/app-config.js';
import {
  CandidatesRepository,
  candidateSortKey,
  isDuplicateEmail,
  type CandidateSort,
} from '../database/repositories/candidates.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InterviewScheduler } from '../scheduling/interview-scheduler.service.js';
import { CandidateViews } from '../views/candidate-views.service.js';
import type { CandidateView } from '../views/candidate.view.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import type { CreateCandidateDto } from './dto/create-candidate.dto.js';
import type { ListCandidatesQuery } from './dto/list-candidates.query.js';
import type { UpdateCandidateDto } from './dto/update-candidate.dto.js';
import { phoneRegion, toE164 } from './phone.js';

/** The list's total counts matching candidates up to this many; past it, `total_capped` says "at least". */
export const TOTAL_CAP = 10_000;

/** A page of candidates, with how many match the filters. */
export interface CandidatePage extends Page<CandidateView> {
  total: number;
  total_capped: boolean;
}

/** What a cursor of each order holds (a cursor of another order is refused). */
const CURSOR_PARTS: Record<CandidateSort, readonly CursorPart[]> = {
  updated_at: ['instant', 'id'],
  created_at: ['id'],
  name: ['text', 'text', 'id'],
};

/** Newest first by time; A to Z by name. */
const DEFAULT_ORDER: Record<CandidateSort, 'asc' | 'desc'> = { updated_at: 'desc', created_at: 'desc', name: 'asc' };

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

  /**
   * A national phone number is read in the country of the candidate's `timezone`, else of
   * DEFAULT_PHONE_REGION.
   * @throws BadRequestException → 400 naming `phone` when it is not a valid number;
   *         CandidateExists → 409 naming the candidate that has this e-mail (case-insensitively)
   */
  async create(dto: CreateCandidateDto): Promise<CandidateView> {
    const fields = { ...dto, phone: this.phone(dto.phone, dto.timezone) };
    const created = await this.uniqueEmail(dto.email, () =>
      this.transactions.run(async (manager) => {
        const row = await this.candidates.insert(manager, fields);
        this.feed.afterCommit(manager, { kind: 'candidate', id: row.id, candidate_id: row.id });
        return row;
      }),
    );
    return this.views.one(created);
  }

  /** @throws CandidateNotFound → 404 */
  async findOne(id: number): Promise<CandidateView> {
    const candidate = await this.candidates.findById(id);
    if (!candidate) throw CandidateNotFound(id);
    return this.views.one(candidate);
  }

  /**
   * Filters, in the `sort` order (default `updated_at`, newest first), paged by an opaque cursor,
   * with the number of candidates that match (counted up to {@link TOTAL_CAP}).
   * @throws BadRequestException → 400 naming `cursor` when it is forged or of another sort
   */
  async list(query: ListCandidatesQuery): Promise<CandidatePage> {
    const limit = pageSize(query);
    const sort = query.sort ?? 'updated_at';
    const match = {
      status: query.status,
      interviewScheduled: query.retell_interview_scheduled,
      outcome: query.retell_call_outcome,
      interestLevel: query.retell_interest_level,
      updatedAfter: query.updated_after ? new Date(query.updated_after) : undefined,
      search: query.q?.trim() || undefined,
    };
    const after = query.cursor ? decodeCursor(query.cursor, CURSOR_PARTS[sort], MAX_INTEGER_ID) : undefined;
    const [rows, count] = await Promise.all([
      this.candidates.list({
        ...match,
        sort,
        after,
        order: (query.order ?? DEFAULT_ORDER[sort]) === 'asc' ? 'ASC' : 'DESC',
        limit: limit + 1,
      }),
      this.candidates.count(match, TOTAL_CAP),
    ]);
    const page = toPage(
      rows,
      limit,
      (row) => candidateSortKey(row, sort),
      (row) => row,
    );
    return { ...page, items: await this.views.many(page.items), total: count.total, total_capped: count.capped };
  }

  /**
   * Updates the profile, `status` or `do_not_call`; a national phone number is read in the country
   * of the zone given with it, else of the stored zone, else of DEFAULT_PHONE_REGION.
   * @throws CandidateNotFound → 404, BadRequestException → 400, CandidateExists → 409 when the new
   *         e-mail is another candidate's
   */
  async update(id: number, dto: UpdateCandidateDto): Promise<CandidateView> {
    const fields =
      dto.phone === undefined
        ? { ...dto }
        : { ...dto, phone: this.phone(dto.phone, dto.timezone !== undefined ? dto.timezone : await this.zoneOf(id)) };
    if (Object.keys(fields).length === 0) return this.findOne(id);
    const updated = await this.uniqueEmail(dto.email, () => this.updateRow(id, fields));
    if (!updated) throw CandidateNotFound(id);
    return this.views.one(updated);
  }

  /** Runs `write`; a refusal of the unique e-mail index becomes CandidateExists naming the holder. */
  private async uniqueEmail<T>(email: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const holder = email !== undefined && isDuplicateEmail(error) ? await this.candidates.idByEmail(email) : null;
      throw holder === null ? error : new CandidateExists(holder);
    }
  }

  private updateRow(id: number, fields: UpdateCandidateDto): Promise<Candidate | null> {
    return this.transactions.run(async (manager) => {
      const row = await this.candidates.update(manager, id, fields);
      if (row) this.feed.afterCommit(manager, { kind: 'candidate', id, candidate_id: id });
      // A rejected or withdrawn candidate's interview is cancelled with the decision, e-mail included.
      if (row && (fields.status === 'rejected' || fields.status === 'withdrawn')) {
        await this.scheduler.cancelScheduled(manager, id);
      }
      return row;
    });
  }

  /** The stored zone of a candidate. @throws CandidateNotFound → 404 */
  private async zoneOf(id: number): Promise<string | null> {
    const row = await this.candidates.findById(id);
    if (!row) throw CandidateNotFound(id);
    return row.timezone;
  }

  /** E.164 of `input`, national numbers read in the country of `zone` (or DEFAULT_PHONE_REGION). */
  private phone(input: string, zone: string | null | undefined): string {
    const region = phoneRegion(zone, this.config.DEFAULT_PHONE_REGION);
    const e164 = toE164(input, region);
    if (!e164) {
      const error = region
        ? `phone must be a valid phone number: international (+14155550199) or national in ${region}`
        : 'phone must be a valid international phone number (+14155550199); a national number needs a time zone that names its country';
      throw new BadRequestException({ message: error, details: [{ field: 'phone', errors: [error] }] });
    }
    return e164;
  }
}
