import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, pageSize, toPage, type Page } from '../common/paging.js';
import { MAX_INTEGER_ID } from '../common/decimal-integer.js';
import {
  CandidateNotFound,
  InterviewAlreadyScheduled,
  InterviewNotAllowed,
  InterviewNotChangeable,
  InterviewNotFound,
} from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import type { Interview } from '../database/entities/interview.entity.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { InterviewsRepository } from '../database/repositories/interviews.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { toInterviewView, type InterviewView } from '../views/interview.view.js';
import { InterviewScheduler } from '../scheduling/interview-scheduler.service.js';
import type { BookInterviewDto } from './dto/book-interview.dto.js';
import type { ListInterviewsQuery } from './dto/list-interviews.query.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import type { UpdateInterviewDto } from './dto/update-interview.dto.js';
import { interviewCalendar } from './ics.js';

/**
 * Interviews for recruiters: list, read, book, move and cancel, and their calendars. Every change
 * goes through the InterviewScheduler, under the candidate's row lock, with its e-mail.
 */
@Injectable()
export class InterviewsService {
  constructor(
    private readonly interviews: InterviewsRepository,
    private readonly candidates: CandidatesRepository,
    private readonly scheduler: InterviewScheduler,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly feedTokens: CalendarFeedService,
    private readonly changeFeed: ChangeFeed,
  ) {}

  /** By `starts_at`, then `id`, from `from` (default: now). @throws BadRequestException → 400 naming `cursor` when it is forged */
  async list(query: ListInterviewsQuery): Promise<Page<InterviewView>> {
    const limit = pageSize(query);
    const rows = await this.interviews.list({
      from: query.from ? new Date(query.from) : this.clock.now(),
      to: query.to ? new Date(query.to) : undefined,
      status: query.status,
      candidateId: query.candidate_id,
      after: query.cursor ? decodeCursor(query.cursor, ['instant', 'id'] as const, MAX_INTEGER_ID) : undefined,
      limit: limit + 1,
    });
    return toPage(rows, limit, (row) => [row.starts_at, row.id], toInterviewView);
  }

  /** @throws InterviewNotFound → 404 */
  async findOne(id: number): Promise<InterviewView> {
    return toInterviewView(await this.get(id));
  }

  /**
   * A recruiter books an interview (with its invitation); the candidate becomes `interviewing`.
   * @throws CandidateNotFound → 404, InterviewNotAllowed → 409 (hired or withdrawn),
   *         InterviewAlreadyScheduled → 409 (move that one with PATCH)
   */
  async book(candidateId: number, dto: BookInterviewDto): Promise<InterviewView> {
    const interview = await this.transactions.run(async (manager) => {
      const contact = await this.candidates.lockContact(manager, candidateId);
      if (!contact) throw CandidateNotFound(candidateId);
      if (contact.status === 'hired' || contact.status === 'withdrawn') throw new InterviewNotAllowed(candidateId);
      const existing = await this.interviews.lockScheduled(manager, candidateId);
      if (existing) throw new InterviewAlreadyScheduled(candidateId, existing.id);
      const booked = await this.scheduler.book(manager, contact, {
        starts_at: new Date(dto.starts_at),
        timezone: dto.timezone,
        duration_minutes: dto.duration_minutes,
        call_id: null,
      });
      if (contact.status !== 'interviewing') await this.candidates.setStatus(manager, candidateId, 'interviewing');
      this.changeFeed.afterCommit(manager, { kind: 'candidate', id: candidateId, candidate_id: candidateId });
      return booked;
    });
    return toInterviewView(interview);
  }

  /**
   * Moves, re-zones, lengthens or cancels (`status: "cancelled"`); each change adds one to
   * `sequence` and writes the update or cancellation e-mail. A request that changes nothing does nothing.
   * @throws InterviewNotFound → 404, InterviewNotChangeable → 409 (cancelled)
   */
  async update(id: number, dto: UpdateInterviewDto): Promise<InterviewView> {
    const { candidate_id: candidateId } = await this.get(id);
    const interview = await this.transactions.run(async (manager) => {
      // The candidate's lock first, as the applier takes it: changes of one candidate never interleave.
      const contact = await this.candidates.lockContact(manager, candidateId);
      const current = await this.interviews.lockById(manager, id);
      if (!contact || !current) throw InterviewNotFound(id);
      if (current.status === 'cancelled') throw InterviewNotChangeable(id);
      return this.scheduler.change(manager, contact, current, {
        ...(dto.starts_at === undefined ? {} : { starts_at: new Date(dto.starts_at) }),
        ...(dto.duration_minutes === undefined ? {} : { duration_minutes: dto.duration_minutes }),
        ...(dto.timezone === undefined ? {} : { timezone: dto.timezone }),
        ...(dto.status === undefined ? {} : { status: dto.status }),
      });
    });
    return toInterviewView(interview);
  }

  /** The interview's invite: METHOD:REQUEST, or CANCEL once cancelled. @throws InterviewNotFound → 404 */
  async invite(id: number): Promise<string> {
    const interview = await this.get(id);
    const candidate = await this.candidates.findById(interview.candidate_id);
    if (!candidate) throw InterviewNotFound(id);
    const cancelled = interview.status === 'cancelled';
    return interviewCalendar(
      [
        {
          interviewId: interview.id,
          startsAt: interview.starts_at,
          durationMinutes: interview.duration_minutes,
          sequence: interview.sequence,
          cancelled,
          stamp: interview.updated_at,
          candidate: { name: `${candidate.first_name} ${candidate.last_name}`, email: candidate.email },
          position: candidate.position,
          company: candidate.company,
        },
      ],
      cancelled ? 'CANCEL' : 'REQUEST',
      this.config.mailFrom,
      this.config.interviewDetails,
    );
  }

  /**
   * Every scheduled interview, as a calendar to subscribe to (METHOD:PUBLISH).
   * @throws InvalidFeedToken → 401 unless `token` is a personal token not revoked (or the deprecated CALENDAR_FEED_TOKEN)
   */
  async feed(token: string | undefined): Promise<string> {
    await this.feedTokens.authorize(token);
    const rows = await this.interviews.feed();
    return interviewCalendar(
      rows.map((row) => ({
        interviewId: row.id,
        startsAt: row.starts_at,
        durationMinutes: row.duration_minutes,
        sequence: row.sequence,
        cancelled: false,
        stamp: row.updated_at,
        candidate: { name: `${row.first_name} ${row.last_name}`, email: row.email },
        position: row.position,
        company: row.company,
      })),
      'PUBLISH',
      this.config.mailFrom,
      this.config.interviewDetails,
    );
  }

  private async get(id: number): Promise<Interview> {
    const interview = await this.interviews.findById(id);
    if (!interview) throw InterviewNotFound(id);
    return interview;
  }
}
