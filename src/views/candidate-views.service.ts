import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { parseCallingWindow, type CallingWindow } from '../config/calling-window.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import { InterviewsRepository } from '../database/repositories/interviews.repository.js';
import { NotificationsRepository } from '../database/repositories/notifications.repository.js';
import { CallDialingRepository } from '../database/repositories/call-dialing.repository.js';
import { CampaignCandidatesRepository } from '../database/repositories/campaign-candidates.repository.js';
import { ACTIVE_CALL_STATUSES } from '../rules/dial-rules.js';
import { toCandidateView, type CandidateView } from './candidate.view.js';
import { outreachStatus } from '../rules/outreach.js';

/**
 * Builds candidate views with what they add to the row (scheduled interview, latest e-mail,
 * outreach status), reading each of those for a whole page in one query.
 */
@Injectable()
export class CandidateViews {
  private readonly window: CallingWindow;
  private readonly retryDelays: string[];

  constructor(
    private readonly interviews: InterviewsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly calls: CallDialingRepository,
    private readonly campaigns: CampaignCandidatesRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.window = parseCallingWindow(config.CALLING_WINDOW);
    this.retryDelays = config.CALL_RETRY_DELAYS.split(',').map((delay) => delay.trim());
  }

  async one(row: Candidate): Promise<CandidateView> {
    const [view] = await this.many([row]);
    return view;
  }

  /** Views of `rows`, in their order: four queries whatever the number of rows. */
  async many(rows: Candidate[]): Promise<CandidateView[]> {
    const ids = rows.map((row) => row.id);
    const [interviews, emails, histories, campaigns] = await Promise.all([
      this.interviews.scheduledOf(ids),
      this.notifications.latestOf(ids),
      this.calls.dialHistories(ids, ACTIVE_CALL_STATUSES),
      this.campaigns.openOf(ids),
    ]);
    const now = this.clock.now();
    return rows.map((row) => {
      const interview = interviews.find((item) => item.candidate_id === row.id) ?? null;
      return toCandidateView(row, {
        interview,
        email: emails.find((item) => item.candidate_id === row.id) ?? null,
        outreach: outreachStatus({
          candidate: row,
          history: histories.get(row.id) ?? { active: 0, attempts: 0, lastPlacedAt: null },
          retryDelays: this.retryDelays,
          campaign: campaigns.get(row.id) ?? null,
          hasInterview: interview !== null,
          maxAttempts: this.config.MAX_CALL_ATTEMPTS,
          callingConfigured: this.config.callingConfigured,
          now,
          window: this.window,
          defaultZone: this.config.DEFAULT_TIMEZONE,
        }),
      });
    });
  }
}
