import { Injectable } from '@nestjs/common';
import { ReportDatabase } from '../report-database.js';

/**
 * Which calls an analytics query reads: those that started in [`from`, `to`) by Retell's
 * `start_timestamp`, or were recorded in it if they never started; optionally of one job, agent
 * or recruiter. `dialFailures` are the disconnection reasons counted as not connected.
 */
export interface CallAnalyticsFilter {
  from: Date;
  to: Date;
  job_id?: string;
  agent_id?: string;
  recruiter?: string;
  dialFailures: readonly string[];
}

/** What a call came to, for analytics (see docs/api.md, "Analytics"). */
export type CallClass = 'refused' | 'error' | 'not_connected' | 'voicemail' | 'connected' | 'in_progress';

/** Totals of the calls a filter selects; durations in ms, costs in cents (Retell's `combined_cost`). */
export interface CallTotals {
  classes: Record<CallClass, number>;
  /** Connected calls whose analysis says `interview_scheduled: true`. */
  interviews: number;
  /** Connected calls whose analysis says `call_successful: true`. */
  successful: number;
  duration_total_ms: number;
  duration_avg_ms: number | null;
  /** Nearest-rank percentiles: durations that occurred. */
  duration_p50_ms: number | null;
  duration_p90_ms: number | null;
  /** Over every call that reached Retell. */
  cost_total_cents: number;
}

/** Analysed calls counted by one field's value; a missing value is `unknown`. */
export interface ValueCounts {
  outcomes: Record<string, number>;
  interest_levels: Record<string, number>;
  sentiment: Record<string, number>;
  disconnection_reasons: Record<string, number>;
}

/** Booked interviews by local ISO weekday (Monday = 1) and hour, in the zone they were agreed in. */
export interface InterviewSlot {
  weekday: number;
  hour: number;
  count: number;
}

/** One bucket of a series: `bucket` is the 1-based index into the bounds given. */
export interface BucketTotals {
  bucket: number;
  placed: number;
  connected: number;
  voicemail: number;
  interviews_scheduled: number;
  cost_cents: number;
}

/** The analytics instant of a call, epoch ms: its start, or when it was recorded if it never started. */
const CALL_INSTANT = `coalesce(c.start_timestamp, (extract(epoch FROM c.created_at) * 1000)::bigint)`;

/** `CallClass` of a call row `c`; `$8` is the list of dial-failure reasons. */
const CALL_CLASS = `CASE
    WHEN c.call_status = 'failed' THEN 'refused'
    WHEN c.call_status = 'error' THEN 'error'
    WHEN c.call_status = 'not_connected' OR c.disconnection_reason = ANY($8::text[]) THEN 'not_connected'
    WHEN c.call_status = 'ended' AND (c.in_voicemail OR c.disconnection_reason = 'voicemail_reached') THEN 'voicemail'
    WHEN c.call_status = 'ended' THEN 'connected'
    ELSE 'in_progress'
  END`;

/** The calls of a {@link CallAnalyticsFilter}, classified; parameters $1–$8 (see `analyticsParams`). */
const CLASSIFIED_CALLS = `SELECT ${CALL_CLASS} AS class, ${CALL_INSTANT} AS instant_ms, c.call_id, c.duration_ms,
    c.combined_cost, c.call_analysis IS NOT NULL AS analyzed, c.interview_scheduled, c.call_successful, c.outcome, c.interest_level,
    c.user_sentiment, c.disconnection_reason, c.interview_weekday, c.interview_hour
  FROM retell_calls c
  WHERE ((c.start_timestamp >= $1 AND c.start_timestamp < $2)
         OR (c.start_timestamp IS NULL AND c.created_at >= $3 AND c.created_at < $4))
    AND ($5::text IS NULL OR c.job_id = $5)
    AND ($6::text IS NULL OR c.agent_id = $6)
    AND ($7::text IS NULL OR c.recruiter = $7)
  OFFSET 0`;

function analyticsParams(filter: CallAnalyticsFilter): unknown[] {
  return [
    filter.from.getTime(),
    filter.to.getTime(),
    filter.from,
    filter.to,
    filter.job_id ?? null,
    filter.agent_id ?? null,
    filter.recruiter ?? null,
    filter.dialFailures,
  ];
}

/** The totals of the summary, in one aggregate over the range. */
const TOTALS_SQL = `
SELECT json_build_object(
     'classes', json_build_object(
        'refused', count(*) FILTER (WHERE class = 'refused'),
        'error', count(*) FILTER (WHERE class = 'error'),
        'not_connected', count(*) FILTER (WHERE class = 'not_connected'),
        'voicemail', count(*) FILTER (WHERE class = 'voicemail'),
        'connected', count(*) FILTER (WHERE class = 'connected'),
        'in_progress', count(*) FILTER (WHERE class = 'in_progress')),
     'interviews', count(*) FILTER (WHERE class = 'connected' AND interview_scheduled),
     'successful', count(*) FILTER (WHERE class = 'connected' AND call_successful),
     'duration_total_ms', coalesce(sum(duration_ms) FILTER (WHERE class = 'connected'), 0),
     'duration_avg_ms', round(avg(duration_ms) FILTER (WHERE class = 'connected')),
     'duration_p50_ms', percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE class = 'connected'),
     'duration_p90_ms', percentile_disc(0.9) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE class = 'connected'),
     'cost_total_cents', coalesce(sum(combined_cost) FILTER (WHERE class <> 'refused'), 0)) AS totals
FROM (${CLASSIFIED_CALLS}) r`;

/**
 * Analysed calls counted by each field's value, and the agreed slots of the connected calls that
 * booked an interview, in one pass: one grouping set per field. `slot` is weekday × 100 + hour.
 */
const COUNTS_SQL = `
SELECT CASE WHEN grouping(outcome) = 0 THEN 'outcomes'
            WHEN grouping(interest_level) = 0 THEN 'interest_levels'
            WHEN grouping(user_sentiment) = 0 THEN 'sentiment'
            WHEN grouping(disconnection_reason) = 0 THEN 'disconnection_reasons'
            ELSE 'slots' END AS dimension,
       coalesce(outcome, interest_level, user_sentiment, disconnection_reason, slot::text, 'unknown') AS value,
       count(*)::int AS n
FROM (SELECT r.*, CASE WHEN class = 'connected' AND interview_scheduled
                       THEN interview_weekday * 100 + interview_hour END AS slot
      FROM (${CLASSIFIED_CALLS}) r WHERE analyzed) a
GROUP BY GROUPING SETS ((outcome), (interest_level), (user_sentiment), (disconnection_reason), (slot))`;

/**
 * The analytics SQL over `retell_calls`: reads only the typed columns the applier writes, never the
 * call object. Runs on the report pool (`ReportDatabase`), never on the pool webhooks use; callers
 * run it inside `ReportDatabase.run`.
 */
@Injectable()
export class CallAnalyticsRepository {
  constructor(private readonly reports: ReportDatabase) {}

  /**
   * The figures of `GET /api/analytics/summary` for the calls `filter` selects, in two statements
   * run side by side (totals; counts by value and slot). Reads only typed columns (the analytics
   * columns the applier writes), never the call object.
   */
  async analyticsSummary(
    filter: CallAnalyticsFilter,
  ): Promise<{ totals: CallTotals; counts: ValueCounts; slots: InterviewSlot[] }> {
    const params = analyticsParams(filter);
    const [[{ totals }], rows] = await Promise.all([
      this.reports.db.query<{ totals: CallTotals }[]>(TOTALS_SQL, params),
      this.reports.db.query<{ dimension: keyof ValueCounts | 'slots'; value: string; n: number }[]>(COUNTS_SQL, params),
    ]);
    const counts: ValueCounts = { outcomes: {}, interest_levels: {}, sentiment: {}, disconnection_reasons: {} };
    const slots: InterviewSlot[] = [];
    for (const { dimension, value, n } of rows) {
      if (dimension !== 'slots') counts[dimension][value] = n;
      else if (value !== 'unknown')
        slots.push({ weekday: Math.floor(Number(value) / 100), hour: Number(value) % 100, count: n });
    }
    slots.sort((x, y) => x.weekday - y.weekday || x.hour - y.hour);
    return { totals, counts, slots };
  }

  /**
   * Per-bucket totals of the calls `filter` selects. `bounds` are the buckets' edges in epoch ms,
   * ascending (n + 1 edges for n buckets, the last one `filter.to`); buckets without calls are absent.
   */
  async analyticsSeries(filter: CallAnalyticsFilter, bounds: readonly number[]): Promise<BucketTotals[]> {
    return this.reports.db.query<BucketTotals[]>(
      `SELECT width_bucket(instant_ms, $9::bigint[]) AS bucket,
              count(*) FILTER (WHERE class <> 'refused')::int AS placed,
              count(*) FILTER (WHERE class = 'connected')::int AS connected,
              count(*) FILTER (WHERE class = 'voicemail')::int AS voicemail,
              count(*) FILTER (WHERE class = 'connected' AND interview_scheduled)::int AS interviews_scheduled,
              coalesce(sum(combined_cost) FILTER (WHERE class <> 'refused'), 0)::float8 AS cost_cents
       FROM (${CLASSIFIED_CALLS}) classified GROUP BY 1 ORDER BY 1`,
      [...analyticsParams(filter), bounds],
    );
  }
}
