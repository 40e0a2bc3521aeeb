import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DateTime, Duration } from 'luxon';
import type { Subscription } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { SerialRounds } from '../common/serial-rounds.js';
import { ChangeFeed } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import { CallNotAllowed, RetellRateLimited, RetellRejected } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { parseCallingWindow, type CallingWindow } from '../config/calling-window.js';
import type { CampaignCandidate } from '../database/entities/campaign-candidate.entity.js';
import type { Campaign } from '../database/entities/campaign.entity.js';
import {
  CampaignCandidatesRepository,
  type CallingMember,
} from '../database/repositories/campaign-candidates.repository.js';
import { CampaignsRepository } from '../database/repositories/campaigns.repository.js';
import { CallDialingRepository } from '../database/repositories/call-dialing.repository.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Dialer, type ReservedDial } from '../dialing/dialer.service.js';
import { RetellClient } from '../retell/retell.client.js';
import {
  afterUndecidedAttempt,
  dialBackoffMs,
  dialCapacity,
  nextCallingTime,
  retryDelay,
  settleAttempt,
  skipReason,
} from '../rules/campaign-rules.js';
import { ACTIVE_CALL_STATUSES } from '../rules/dial-rules.js';

/** Milliseconds between a wake and its round: wakes in that time are served by one round. */
const WAKE_MS = 200;

/** What one dispatch round did, over every campaign it visited. */
export interface CampaignRoundReport {
  settled: number;
  dialled: number;
  /** Dials Retell refused for load (429, 500): not attempts, retried with backoff. */
  deferred: number;
}

/** An attempt reserved by a round, to send once the round's transaction committed. */
interface PendingDial {
  memberId: number;
  campaignId: number;
  candidateId: number;
  dial: ReservedDial;
  /** The member's attempts before this one, and its consecutive dials refused for load. */
  attemptsBefore: number;
  failures: number;
}

/**
 * Places the calls of running campaigns. A round visits each campaign under its row lock (`FOR
 * UPDATE SKIP LOCKED`: on Postgres one replica at a time works a campaign, the others pass it by):
 * 1. it settles the attempts whose calls ended ({@link settleAttempt}): a decision completes the
 *    candidate, anything else schedules the next attempt after the cadence, inside the
 *    candidate's calling hours ({@link afterUndecidedAttempt}), or exhausts it;
 * 2. it reserves the due attempts up to the campaign's free capacity ({@link dialCapacity}: its
 *    cap, Retell's concurrency less a reserve for manual calls, the day's call and cost limits),
 *    each recorded (`dialing`) by the {@link Dialer} under the candidate's lock before any dial;
 * 3. after the commit it dials them. A 429 or 500 from Retell is not an attempt: it retries with
 *    backoff. A dial Retell never answered stays `calling` until the reconcile sweep resolves it.
 *
 * Rounds never overlap on an instance. They run when something is due (a timer set to the next
 * due time), when a call or a campaign changes (the change feed, relayed across replicas on
 * Postgres), and at the latest every CAMPAIGN_IDLE_MS: no busy polling.
 */
@Injectable()
export class CampaignDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CampaignDispatcher.name);
  private readonly window: CallingWindow;
  private timer: NodeJS.Timeout | null = null;
  private readonly rounds = new SerialRounds<CampaignRoundReport>();
  private timerAt = 0;
  private again = false;
  private stopped = true;
  /** Campaigns the last round found without room to dial (cap, Retell, daily limits). */
  private blocked = new Set<number>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly members: CampaignCandidatesRepository,
    private readonly candidates: CandidatesRepository,
    private readonly dialing: CallDialingRepository,
    private readonly transactions: TransactionRunner,
    private readonly dialer: Dialer,
    private readonly retell: RetellClient,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {
    this.window = parseCallingWindow(config.CALLING_WINDOW);
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.subscription = this.feed.changes.subscribe((changes) => {
      if (changes.some((change) => change.kind === 'call' || change.kind === 'campaign')) this.wake();
    });
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await this.rounds.settled();
  }

  /** Runs a round soon (wakes within WAKE_MS are served by one round): a recruiter's action, a call's event. */
  wake(): void {
    if (this.stopped) return;
    if (this.rounds.busy) this.again = true;
    else this.schedule(WAKE_MS);
  }

  /** One round over every campaign with work; rounds never overlap on an instance. */
  async dispatch(): Promise<CampaignRoundReport> {
    return this.rounds.run(() => this.runRound());
  }

  /** Sets the next round `delay` ms from now, unless one is already set sooner. */
  private schedule(delay: number): void {
    if (this.stopped) return;
    const at = Date.now() + delay;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.dispatch()
        .catch((error: unknown) =>
          this.logger.warn({ err: error instanceof Error ? error.name : 'Error' }, 'campaign round failed'),
        )
        .then(() => this.scheduleNext());
    }, delay);
    this.timer.unref();
  }

  /**
   * The next round: soon if woken meanwhile, else at the next due attempt of a campaign that has
   * room to dial (one at its cap or daily limit waits for a call to end, which wakes it), at the
   * latest after CAMPAIGN_IDLE_MS.
   */
  private async scheduleNext(): Promise<void> {
    const now = this.clock.now();
    const due = this.again ? now : await this.members.nextDueAt(now, [...this.blocked]).catch(() => null);
    this.again = false;
    const wait = due === null ? this.config.CAMPAIGN_IDLE_MS : due.getTime() - now.getTime();
    this.schedule(Math.min(Math.max(wait, WAKE_MS), this.config.CAMPAIGN_IDLE_MS));
  }

  private async runRound(): Promise<CampaignRoundReport> {
    const report: CampaignRoundReport = { settled: 0, dialled: 0, deferred: 0 };
    const ids = await this.campaigns.dispatchable();
    if (ids.length === 0) return report;
    // Asked outside any transaction: an HTTP wait never holds a lock.
    const retell = this.config.RETELL_FROM_NUMBER ? await this.retell.concurrency() : null;
    const blocked = new Set<number>();
    for (const id of ids) {
      if (this.stopped) break;
      const pending = await this.transactions.run((manager) => this.work(manager, id, retell, { report, blocked }));
      // Retell's count does not include the calls this round has just placed yet.
      if (retell) retell.current += pending.length;
      const failures = await Promise.all(pending.map((dial) => this.send(dial)));
      report.dialled += failures.filter((deferred) => !deferred).length;
      report.deferred += failures.filter(Boolean).length;
    }
    this.blocked = blocked;
    return report;
  }

  /** Settles and reserves for one campaign, under its row lock; nothing when another replica holds it. */
  private async work(
    manager: EntityManager,
    id: number,
    retell: { limit: number; current: number } | null,
    round: { report: CampaignRoundReport; blocked: Set<number> },
  ): Promise<PendingDial[]> {
    const campaign = await this.campaigns.tryLock(manager, id);
    if (!campaign) return [];
    const now = this.clock.now();
    for (const member of await this.members.calling(manager, id)) {
      if (await this.settle(manager, campaign, member, now)) round.report.settled += 1;
    }
    // Calling unconfigured since the campaign started (start and resume check it): the campaign waits.
    if (campaign.status !== 'running' || !this.dialer.canDial(campaign.agent_id)) return [];
    const today = DateTime.fromJSDate(now, { zone: this.config.DEFAULT_TIMEZONE }).startOf('day');
    const day = { start: today.toJSDate(), end: today.plus({ days: 1 }).toJSDate() };
    const usage = await this.dialing.campaignUsage(manager, id, day, ACTIVE_CALL_STATUSES);
    const capacity = dialCapacity({
      maxConcurrentCalls: campaign.max_concurrent_calls,
      campaignActive: usage.active,
      retellLimit: retell?.limit ?? null,
      retellActive: retell?.current ?? null,
      reserved: this.config.CAMPAIGN_RETELL_RESERVE,
      dailyCallLimit: campaign.daily_call_limit,
      callsToday: usage.calls,
      dailyBudgetCents: campaign.daily_budget_cents,
      spentTodayCents: usage.costCents,
    });
    if (capacity === 0) round.blocked.add(id);
    const pending: PendingDial[] = [];
    for (const member of await this.members.due(manager, id, now, capacity)) {
      const dial = await this.reserve(manager, campaign, member, now);
      if (dial) pending.push(dial);
    }
    if (pending.length === 0 && !(await this.members.hasOpen(manager, id))) {
      await this.campaigns.setStatus(manager, id, 'completed');
      this.feed.afterCommit(manager, { kind: 'campaign', id });
      this.logger.log({ campaign_id: id }, 'campaign completed');
    }
    return pending;
  }

  /** Settles a `calling` member whose call ended. @returns whether it moved */
  private async settle(manager: EntityManager, campaign: Campaign, member: CallingMember, now: Date): Promise<boolean> {
    if (member.candidate_id === null || member.call_status === null) {
      await this.members.update(manager, member.id, { state: 'skipped', skip_reason: 'erased', next_attempt_at: null });
      return this.announce(manager, campaign.id, null);
    }
    const settlement = settleAttempt(
      {
        callStatus: member.call_status,
        disconnectionReason: member.disconnection_reason,
        inVoicemail: member.in_voicemail,
        verdict: member.verdict,
        analyzed: member.analyzed,
        updatedAtMs: member.call_updated_at?.getTime() ?? now.getTime(),
        candidate:
          member.candidate_status === null
            ? null
            : { do_not_call: member.candidate_do_not_call === true, status: member.candidate_status },
      },
      now.getTime(),
      this.config.CAMPAIGN_ANALYSIS_WAIT_MS,
    );
    if (settlement.kind === 'pending') return false;
    if (settlement.kind === 'decided') {
      await this.members.update(manager, member.id, {
        state: 'completed',
        last_outcome: settlement.outcome,
        next_attempt_at: null,
      });
    } else if (campaign.status === 'cancelled') {
      await this.members.update(manager, member.id, { state: 'cancelled', last_outcome: settlement.outcome });
    } else {
      const next = afterUndecidedAttempt({
        attemptsMade: member.attempts,
        maxAttempts: campaign.max_attempts,
        retryDelays: this.scaledDelays(campaign.retry_delays),
        now,
        zone: member.candidate_timezone ?? this.config.DEFAULT_TIMEZONE,
        window: this.window,
        weekdays: campaign.calling_days,
      });
      await this.members.update(manager, member.id, {
        state: next.state,
        last_outcome: settlement.outcome,
        next_attempt_at: next.state === 'retry_scheduled' ? next.nextAttemptAt : null,
      });
    }
    return this.announce(manager, campaign.id, member.candidate_id);
  }

  /** Checks a due member and records its attempt; null when it is not called now (and why is written). */
  private async reserve(
    manager: EntityManager,
    campaign: Campaign,
    member: CampaignCandidate,
    now: Date,
  ): Promise<PendingDial | null> {
    const candidate =
      member.candidate_id === null ? null : await this.candidates.tryLockForDial(manager, member.candidate_id);
    if (candidate === 'locked') return this.postpone(manager, campaign.id, member, new Date(now.getTime() + 5_000));
    if (!candidate) {
      await this.members.update(manager, member.id, { state: 'skipped', skip_reason: 'erased', next_attempt_at: null });
      this.announce(manager, campaign.id, null);
      return null;
    }
    const skip = skipReason(candidate);
    if (skip) {
      await this.members.update(manager, member.id, { state: 'skipped', skip_reason: skip, next_attempt_at: null });
      this.announce(manager, campaign.id, candidate.id);
      return null;
    }
    const zone = candidate.timezone ?? this.config.DEFAULT_TIMEZONE;
    // A call placed by someone else (a recruiter's "Call now", another campaign) restarts the
    // cadence; the campaign's own calls are spaced by next_attempt_at already.
    const last = await this.dialing.lastPlacedCall(manager, candidate.id);
    const rested =
      last === null || last.campaign_id === campaign.id
        ? now
        : DateTime.fromJSDate(last.created_at, { zone })
            .plus(retryDelay(this.scaledDelays(campaign.retry_delays), Math.max(member.attempts, 1)))
            .toJSDate();
    const earliest = rested.getTime() > now.getTime() ? rested : now;
    const opens = nextCallingTime(earliest, zone, this.window, campaign.calling_days);
    if (opens.getTime() > now.getTime()) return this.postpone(manager, campaign.id, member, opens);
    let dial: ReservedDial;
    try {
      dial = await this.dialer.reserve(manager, candidate.id, {
        agentId: campaign.agent_id,
        jobId: campaign.job_id,
        recruiter: campaign.recruiter,
        dynamicVariables: campaign.dynamic_variables,
        campaignId: campaign.id,
        // The campaign counts its own attempts (max_attempts); a recruiter's calls do not use them up.
        maxAttempts: Number.MAX_SAFE_INTEGER,
      });
    } catch (error) {
      if (error instanceof CallNotAllowed && error.reason === 'call_in_progress') {
        // Never two calls to one candidate: another source is calling; look again in a minute.
        return this.postpone(manager, campaign.id, member, new Date(now.getTime() + 60_000));
      }
      if (error instanceof CallNotAllowed && error.reason === 'outside_calling_hours') {
        const at = new Date(String(error.details?.next_allowed_at));
        return this.postpone(manager, campaign.id, member, at);
      }
      throw error;
    }
    await this.members.update(manager, member.id, {
      state: 'calling',
      attempts: member.attempts + 1,
      last_attempt_id: dial.record.id,
      next_attempt_at: null,
    });
    this.announce(manager, campaign.id, candidate.id);
    return {
      memberId: member.id,
      campaignId: campaign.id,
      candidateId: candidate.id,
      dial,
      attemptsBefore: member.attempts,
      failures: member.dial_failures,
    };
  }

  /** Dials a reserved attempt. @returns whether Retell refused it for load (then it is not an attempt) */
  private async send(pending: PendingDial): Promise<boolean> {
    try {
      await this.dialer.dial(pending.dial);
      if (pending.failures > 0) {
        await this.transactions.run((manager) => this.members.update(manager, pending.memberId, { dial_failures: 0 }));
      }
      return false;
    } catch (error) {
      const overloaded =
        error instanceof RetellRateLimited || (error instanceof RetellRejected && error.retellStatus >= 500);
      this.logger.warn(
        { campaign_id: pending.campaignId, attempt_id: pending.dial.record.id, overloaded },
        'campaign call not placed',
      );
      if (!overloaded) return false; // a refusal is a failed dial (settled by the cadence); a timeout waits for the sweep
      const failures = pending.failures + 1;
      const retryAfterMs = error instanceof RetellRateLimited ? error.retryAfterSeconds * 1000 : 0;
      const at = new Date(this.clock.now().getTime() + Math.max(dialBackoffMs(failures), retryAfterMs));
      // Under the campaign's lock, and only if the member still waits on this attempt: a cancel (or
      // another replica's round) since the dial must not be undone.
      await this.transactions.run(async (manager) => {
        const campaign = await this.campaigns.lock(manager, pending.campaignId);
        const cancelled = campaign?.status === 'cancelled';
        const moved = await this.members.updateIfCalling(manager, pending.memberId, pending.dial.record.id, {
          state: cancelled ? 'cancelled' : 'retry_scheduled',
          attempts: pending.attemptsBefore,
          dial_failures: failures,
          next_attempt_at: cancelled ? null : at,
        });
        if (moved) this.announce(manager, pending.campaignId, pending.candidateId);
      });
      return true;
    }
  }

  private async postpone(
    manager: EntityManager,
    campaignId: number,
    member: CampaignCandidate,
    at: Date,
  ): Promise<null> {
    if (member.next_attempt_at?.getTime() !== at.getTime()) {
      await this.members.update(manager, member.id, { next_attempt_at: at });
      this.announce(manager, campaignId, member.candidate_id);
    }
    return null;
  }

  /** The campaign's delays scaled by CAMPAIGN_RETRY_DELAY_SCALE (the demo's short cadence). */
  private scaledDelays(delays: string[]): string[] {
    const scale = this.config.CAMPAIGN_RETRY_DELAY_SCALE;
    if (scale === 1) return delays;
    return delays.map((text) => `PT${Math.max(1, Math.round(Duration.fromISO(text).as('seconds') * scale))}S`);
  }

  private announce(manager: EntityManager, campaignId: number, candidateId: number | null): true {
    this.feed.afterCommit(manager, {
      kind: 'campaign',
      id: campaignId,
      ...(candidateId === null ? {} : { candidate_id: candidateId }),
    });
    if (candidateId !== null)
      this.feed.afterCommit(manager, { kind: 'candidate', id: candidateId, candidate_id: candidateId });
    return true;
  }
}
