import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CandidateNotFound } from '../common/domain-errors.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Candidate } from './candidate.entity.js';
import type { CreateCandidateDto } from './dto/create-candidate.dto.js';
import type { ListCandidatesQuery } from './dto/list-candidates.query.js';
import type { UpdateCandidateDto } from './dto/update-candidate.dto.js';
import { toE164 } from './phone.js';

/** One page of candidates; `next_cursor` is null on the last page. */
export interface CandidatePage {
  items: Candidate[];
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

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** Candidate profiles: create, read, list, and recruiter updates. Call data is written elsewhere. */
@Injectable()
export class CandidatesService {
  constructor(
    @InjectRepository(Candidate) private readonly candidates: Repository<Candidate>,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  /** @throws BadRequestException → 400 naming `phone` when it is not a valid number */
  create(dto: CreateCandidateDto): Promise<Candidate> {
    const fields = { ...dto, phone: this.phone(dto.phone) };
    return this.transactions.run(async (manager) => {
      const repository = manager.getRepository(Candidate);
      const { identifiers } = await repository.insert(fields);
      return repository.findOneByOrFail({ id: identifiers[0].id as number });
    });
  }

  /** @throws CandidateNotFound → 404 */
  async findOne(id: number): Promise<Candidate> {
    const candidate = await this.candidates.findOneBy({ id });
    if (!candidate) throw new CandidateNotFound(id);
    return candidate;
  }

  /** Filters, sorted by `updated_at` then `id`, paged by an opaque cursor. */
  async list(query: ListCandidatesQuery): Promise<CandidatePage> {
    const limit = query.limit ?? 20;
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const builder = this.candidates.createQueryBuilder('c');
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (query.retell_interview_scheduled !== undefined) {
      builder.andWhere('c.retell_interview_scheduled = :scheduled', { scheduled: query.retell_interview_scheduled });
    }
    if (query.retell_call_outcome)
      builder.andWhere('c.retell_call_outcome = :outcome', { outcome: query.retell_call_outcome });
    if (query.retell_interest_level)
      builder.andWhere('c.retell_interest_level = :interest', { interest: query.retell_interest_level });
    if (query.updated_after) builder.andWhere('c.updated_at > :after', { after: new Date(query.updated_after) });
    if (query.q) {
      builder.andWhere("(c.first_name || ' ' || c.last_name ILIKE :q OR c.email ILIKE :q)", {
        q: `%${escapeLike(query.q.trim())}%`,
      });
    }
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      builder.andWhere(`(c.updated_at, c.id) ${direction === 'DESC' ? '<' : '>'} (:cursorAt, :cursorId)`, {
        cursorAt: cursor.updatedAt,
        cursorId: cursor.id,
      });
    }
    const rows = await builder
      .orderBy('c.updated_at', direction)
      .addOrderBy('c.id', direction)
      .take(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    return { items, next_cursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  /** Updates the profile, `status` or `do_not_call`. @throws CandidateNotFound → 404, BadRequestException → 400 */
  update(id: number, dto: UpdateCandidateDto): Promise<Candidate> {
    const fields = dto.phone === undefined ? { ...dto } : { ...dto, phone: this.phone(dto.phone) };
    if (Object.keys(fields).length === 0) return this.findOne(id);
    return this.transactions.run(async (manager) => {
      const repository = manager.getRepository(Candidate);
      const { affected } = await repository.update({ id }, fields);
      if (!affected) throw new CandidateNotFound(id);
      return repository.findOneByOrFail({ id });
    });
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
