import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock.js';
import { invalidField } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import { CANDIDATE_STATUSES } from '../database/entities/candidate-status.js';
import { ReportDatabase } from '../database/report-database.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import {
  CallAnalyticsRepository,
  type CallAnalyticsFilter,
  type CallTotals,
} from '../database/repositories/call-analytics.repository.js';
import { DIAL_FAILURES } from '../rules/call-rules.js';
import type { AnalyticsQuery, TimeseriesQuery } from './dto/analytics.query.js';
import type { AnalyticsCalls, AnalyticsSummary, AnalyticsTimeseries } from './dto/analytics-summary.view.js';
import { bucketEdges } from './time-buckets.js';

const DEFAULT_DAYS = 30;

/** `numerator ÷ denominator`, or null when the denominator is zero (never NaN). */
function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Cents to 0.01 (sums of fractional Retell costs carry float noise). */
function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

function callCounts(totals: CallTotals): AnalyticsCalls {
  const { refused, ...placed } = totals.classes;
  return {
    placed: Object.values(placed).reduce((sum, n) => sum + n, 0),
    connected: placed.connected,
    voicemail: placed.voicemail,
    not_connected: placed.not_connected,
    error: placed.error,
    in_progress: placed.in_progress,
    refused_by_retell: refused,
  };
}

/**
 * Analytics over the call history: what the calls achieved, what they cost, and when candidates
 * want to talk. Definitions are in docs/api.md ("Analytics"); every figure comes from typed
 * columns of `retell_calls` (two statements side by side for the summary, one for a series).
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly calls: CallAnalyticsRepository,
    private readonly candidates: CandidatesRepository,
    private readonly reports: ReportDatabase,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The summary of the calls in [`from`, `to`), run as one report (`ReportDatabase.run`).
   * @throws BadRequestException (400, field `from`) when `from` is after `to`
   * @throws DomainError `report_queue_full` (429) or `report_timeout` (503) past the reports' budget
   */
  async summary(query: AnalyticsQuery): Promise<AnalyticsSummary> {
    const filter = this.filter(query);
    const [{ totals, counts, slots }, byStatus] = await this.reports.run(() =>
      Promise.all([this.calls.analyticsSummary(filter), this.candidates.countByStatus(this.reports.db)]),
    );
    const calls = callCounts(totals);
    const settled = calls.placed - calls.in_progress;
    return {
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      calls,
      rates: {
        pickup: rate(calls.connected, settled),
        voicemail: rate(calls.voicemail, settled),
        interview_scheduled: rate(totals.interviews, calls.connected),
        success: rate(totals.successful, calls.connected),
      },
      duration_ms: {
        total: totals.duration_total_ms,
        avg: totals.duration_avg_ms,
        p50: totals.duration_p50_ms,
        p90: totals.duration_p90_ms,
      },
      cost: {
        total_cents: cents(totals.cost_total_cents),
        per_connected_call_cents: calls.connected === 0 ? null : cents(totals.cost_total_cents / calls.connected),
        per_interview_cents: totals.interviews === 0 ? null : cents(totals.cost_total_cents / totals.interviews),
      },
      ...counts,
      interviews: { scheduled: totals.interviews, by_weekday_hour: slots },
      candidates_by_status: Object.fromEntries(CANDIDATE_STATUSES.map((status) => [status, byStatus[status] ?? 0])),
    };
  }

  /**
   * Calls per local day or ISO week in `tz` (default DEFAULT_TIMEZONE). The range widens to whole
   * buckets: from local midnight of `from`'s day (or week) to the first bucket edge at or after `to`.
   * @throws BadRequestException (400) when `from` is after `to`, or the range holds too many buckets
   * @throws DomainError `report_queue_full` (429) or `report_timeout` (503) past the reports' budget
   */
  async timeseries(query: TimeseriesQuery): Promise<AnalyticsTimeseries> {
    const bucket = query.bucket ?? 'day';
    const tz = query.tz ?? this.config.DEFAULT_TIMEZONE;
    const requested = this.filter(query);
    const edges = bucketEdges(requested.from, requested.to, bucket, tz);
    const from = new Date(edges[0] ?? requested.from.getTime());
    const to = new Date(edges.at(-1) ?? requested.to.getTime());
    const rows =
      edges.length > 0
        ? await this.reports.run(() => this.calls.analyticsSeries({ ...requested, from, to }, edges))
        : [];
    const byBucket = new Map(rows.map((row) => [row.bucket, row]));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      tz,
      buckets: edges.slice(0, -1).map((edge, index) => {
        const row = byBucket.get(index + 1);
        return {
          start: DateTime.fromMillis(edge, { zone: tz }).toISO() ?? new Date(edge).toISOString(),
          placed: row?.placed ?? 0,
          connected: row?.connected ?? 0,
          voicemail: row?.voicemail ?? 0,
          interviews_scheduled: row?.interviews_scheduled ?? 0,
          cost_cents: cents(row?.cost_cents ?? 0),
        };
      }),
    };
  }

  private filter(query: AnalyticsQuery): CallAnalyticsFilter {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : DateTime.fromJSDate(to).minus({ days: DEFAULT_DAYS }).toJSDate();
    if (from.getTime() > to.getTime()) throw invalidField('from', 'from must not be after to');
    return {
      from,
      to,
      job_id: query.job_id,
      agent_id: query.agent_id,
      recruiter: query.recruiter,
      dialFailures: DIAL_FAILURES,
    };
  }
}
