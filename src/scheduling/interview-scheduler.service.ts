import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import type { Interview } from '../database/entities/interview.entity.js';
import type { NotificationContent, NotificationKind } from '../database/entities/notification.entity.js';
import { CandidatesRepository, type CandidateContact } from '../database/repositories/candidates.repository.js';
import { InterviewsRepository, type InterviewChangeFields } from '../database/repositories/interviews.repository.js';
import { NotificationsRepository } from '../database/repositories/notifications.repository.js';
import type { CandidateStatus } from '../database/entities/candidate-status.js';
import { interviewChange, type InterviewSignal } from '../rules/interview-rules.js';

/** A booking: when, for how long, in which zone, and the call that booked it (null: a recruiter). */
export interface Booking {
  starts_at: Date;
  timezone: string;
  duration_minutes?: number;
  call_id: string | null;
}

const SUBJECTS: Record<NotificationKind, string> = {
  interview_invitation: 'Interview Confirmation',
  interview_update: 'Interview Rescheduled',
  interview_cancellation: 'Interview Cancelled',
};

/** `Interview Confirmation - Senior Python Developer Position at TechCorp` (seed 000's subject). */
export function notificationSubject(
  kind: NotificationKind,
  contact: Pick<CandidateContact, 'position' | 'company'>,
): string {
  const role = contact.position ? `${contact.position} Position` : null;
  const where = [role, contact.company ? `at ${contact.company}` : null].filter(Boolean).join(' ');
  return where ? `${SUBJECTS[kind]} - ${where}` : SUBJECTS[kind];
}

/**
 * Every change of an interview, with its e-mail, in the caller's transaction: the interview row and
 * its notification commit together or not at all, and the notification's dedupe key (interview,
 * sequence, kind) keeps one e-mail per change. Callers hold the candidate's row lock, so changes of
 * one candidate's interviews happen one at a time on any number of replicas. Used by call
 * ingestion (the applier), the candidate PATCH and the interview endpoints.
 */
@Injectable()
export class InterviewScheduler {
  constructor(
    private readonly interviews: InterviewsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly candidates: CandidatesRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {}

  /**
   * Applies what the candidate's current call now says about the interview ({@link interviewChange}):
   * create, move, cancel or nothing. Call it only when that changed ({@link interviewSignalChanged}).
   * @param status the candidate's status after the event
   */
  async applyCallSignal(
    manager: EntityManager,
    candidateId: number,
    signal: InterviewSignal,
    status: CandidateStatus,
    booking: Omit<Booking, 'starts_at'>,
  ): Promise<void> {
    if (signal.kind === 'none') return;
    const scheduled = await this.interviews.lockScheduled(manager, candidateId);
    const change = interviewChange(signal, scheduled, status);
    if (change.kind === 'none') return;
    const contact = await this.candidates.contactOf(manager, candidateId);
    if (!contact) return;
    if (change.kind === 'create') await this.book(manager, contact, { ...booking, starts_at: change.startsAt });
    else if (change.kind === 'cancel') await this.cancel(manager, contact, scheduled!);
    else
      await this.change(manager, contact, scheduled!, {
        starts_at: change.startsAt,
        timezone: booking.timezone,
        call_id: booking.call_id,
      });
  }

  /** Creates a scheduled interview (sequence 0) and its invitation. The caller checked there is none. */
  async book(manager: EntityManager, contact: CandidateContact, booking: Booking): Promise<Interview> {
    const interview = await this.interviews.insert(manager, {
      candidate_id: contact.id,
      call_id: booking.call_id,
      starts_at: booking.starts_at,
      duration_minutes: booking.duration_minutes ?? this.config.INTERVIEW_DURATION_MINUTES,
      timezone: booking.timezone,
    });
    this.feed.afterCommit(manager, { kind: 'interview', id: interview.id, candidate_id: contact.id });
    await this.notify(manager, 'interview_invitation', contact, interview);
    return interview;
  }

  /**
   * Changes a scheduled interview (sequence + 1) and writes the update e-mail, or the cancellation
   * when `fields.status` is `cancelled`. A change that changes nothing does nothing.
   */
  async change(
    manager: EntityManager,
    contact: CandidateContact,
    interview: Interview,
    fields: InterviewChangeFields,
  ): Promise<Interview> {
    const changed =
      (fields.starts_at !== undefined && fields.starts_at.getTime() !== interview.starts_at.getTime()) ||
      (fields.duration_minutes !== undefined && fields.duration_minutes !== interview.duration_minutes) ||
      (fields.timezone !== undefined && fields.timezone !== interview.timezone) ||
      (fields.status !== undefined && fields.status !== interview.status);
    if (!changed) return interview;
    const updated = await this.interviews.change(manager, interview.id, fields);
    this.feed.afterCommit(manager, { kind: 'interview', id: updated.id, candidate_id: contact.id });
    await this.notify(
      manager,
      updated.status === 'cancelled' ? 'interview_cancellation' : 'interview_update',
      contact,
      updated,
    );
    return updated;
  }

  cancel(manager: EntityManager, contact: CandidateContact, interview: Interview): Promise<Interview> {
    return this.change(manager, contact, interview, { status: 'cancelled' });
  }

  /** Cancels the candidate's scheduled interview, if any (a recruiter rejected or withdrew them). */
  async cancelScheduled(manager: EntityManager, candidateId: number): Promise<void> {
    const interview = await this.interviews.lockScheduled(manager, candidateId);
    if (!interview) return;
    const contact = await this.candidates.contactOf(manager, candidateId);
    if (contact) await this.cancel(manager, contact, interview);
  }

  private async notify(
    manager: EntityManager,
    kind: NotificationKind,
    contact: CandidateContact,
    interview: Interview,
  ): Promise<void> {
    const content: NotificationContent = {
      starts_at: interview.starts_at.toISOString(),
      duration_minutes: interview.duration_minutes,
      timezone: interview.timezone,
      sequence: interview.sequence,
      first_name: contact.first_name,
      last_name: contact.last_name,
      position: contact.position,
      company: contact.company,
    };
    const enabled = Boolean(this.config.SMTP_URL);
    const written = await this.notifications.enqueue(manager, {
      kind,
      candidate_id: contact.id,
      interview_id: interview.id,
      recipient: contact.email,
      subject: notificationSubject(kind, contact),
      content,
      status: enabled ? 'pending' : 'skipped',
      next_attempt_at: enabled ? this.clock.now() : null,
    });
    if (written !== null)
      this.feed.afterCommit(manager, { kind: 'notification', id: written, candidate_id: contact.id });
  }
}
