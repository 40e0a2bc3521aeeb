import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReportDatabase } from '../report-database.js';
import { int } from '../row-values.js';

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

/** `CallClass` of a call row `c`; `failures` is the parameter holding the dial-failure reasons. */
const callClass = (failures: string): string => `CASE
    WHEN c.call_status = 'failed' THEN 'refused'
    WHEN c.call_status = 'error' THEN 'error'
    WHEN c.call_status = 'not_connected' OR c.disconnection_reason = ANY(${failures}::text[]) THEN 'not_connected'
    WHEN c.call_status = 'ended' AND (c.in_voicemail OR c.disconnection_reason = 'voicemail_reached') THEN 'voicemail'
    WHEN c.call_status = 'ended' THEN 'connected'
    ELSE 'in_progress'
  END`;

/** The columns analytics reads of each call `c`, classified (`OFFSET 0` keeps the class computed once per row). */
const classified = (failures: string, where: string): string => `SELECT ${callClass(failures)} AS class,
    ${CALL_INSTANT} AS instant_ms, c.duration_ms, c.combined_cost, c.call_analysis IS NOT NULL AS analyzed,
    c.interview_scheduled, c.call_successful, c.outcome, c.interest_level, c.user_sentiment, c.disconnection_reason,
    c.interview_weekday, c.interview_hour
  FROM retell_calls c
  WHERE ${where}
  OFFSET 0`;

/**
 * The calls a query reads live: those of [`from`, `a`) and [`b`, `to`), the edges around the hours
 * served from the rollup ([`a`, `b`), empty when none is); parameters $1–$12 (see `spanParams`).
 */
const LIVE_CALLS = classified(
  '$12',
  `((c.start_timestamp >= $1 AND c.start_timestamp < $2) OR (c.start_timestamp >= $3 AND c.start_timestamp < $4)
     OR (c.start_timestamp IS NULL AND ((c.created_at >= $5 AND c.created_at < $6) OR (c.created_at >= $7 AND c.created_at < $8))))
    AND ($9::text IS NULL OR c.job_id = $9)
    AND ($10::text IS NULL OR c.agent_id = $10)
    AND ($11::text IS NULL OR c.recruiter = $11)`,
);

/** The rollup's hours served: [`a`, `b`). */
const SERVED_HOURS = `SELECT * FROM call_analytics_hours WHERE hour_ms >= $2 AND hour_ms < $3`;

/** Which calls a query reads live, and which hours it reads from the rollup. */
interface Span {
  filter: CallAnalyticsFilter;
  /** Start and end of the hours served from the rollup, epoch ms; equal when none is. */
  a: number;
  b: number;
}

function spanParams({ filter, a, b }: Span): unknown[] {
  const [from, to] = [filter.from.getTime(), filter.to.getTime()];
  return [
    from,
    a,
    b,
    to,
    filter.from,
    new Date(a),
    new Date(b),
    filter.to,
    filter.job_id ?? null,
    filter.agent_id ?? null,
    filter.recruiter ?? null,
    filter.dialFailures,
  ];
}

/** Per-class counts, durations and cost of a set of classified calls `r` (the rollup's columns). */
const CALL_FIGURES = `count(*) FILTER (WHERE class = 'refused') AS refused,
    count(*) FILTER (WHERE class = 'error') AS error,
    count(*) FILTER (WHERE class = 'not_connected') AS not_connected,
    count(*) FILTER (WHERE class = 'voicemail') AS voicemail,
    count(*) FILTER (WHERE class = 'connected') AS connected,
    count(*) FILTER (WHERE class = 'in_progress') AS in_progress,
    count(*) FILTER (WHERE class = 'connected' AND interview_scheduled) AS interviews,
    count(*) FILTER (WHERE class = 'connected' AND call_successful) AS successful,
    coalesce(sum(duration_ms) FILTER (WHERE class = 'connected'), 0) AS duration_sum,
    count(duration_ms) FILTER (WHERE class = 'connected') AS duration_n,
    coalesce(sum(combined_cost::numeric) FILTER (WHERE class <> 'refused'), 0) AS cost`;

/** Analysed calls `r` counted by each field's value and booked slot (weekday × 100 + hour), one grouping set each. */
const valueCounts = (calls: string, keys: string[] = []): string => {
  const sets = ['outcome', 'interest_level', 'user_sentiment', 'disconnection_reason', 'slot'].map(
    (column) => `(${[...keys, column].join(', ')})`,
  );
  return `SELECT ${keys.map((key) => `${key}, `).join('')}CASE WHEN grouping(outcome) = 0 THEN 'outcomes'
            WHEN grouping(interest_level) = 0 THEN 'interest_levels'
            WHEN grouping(user_sentiment) = 0 THEN 'sentiment'
            WHEN grouping(disconnection_reason) = 0 THEN 'disconnection_reasons'
            ELSE 'slots' END AS dimension,
       coalesce(outcome, interest_level, user_sentiment, disconnection_reason, slot::text, 'unknown') AS value,
       count(*)::int AS n
FROM (SELECT r.*, CASE WHEN class = 'connected' AND interview_scheduled
                       THEN interview_weekday * 100 + interview_hour END AS slot
      FROM (${calls}) r WHERE analyzed) a
GROUP BY GROUPING SETS (${sets.join(', ')})`;
};

/** The totals of the summary: the live edges and the served hours, added up. */
const TOTALS_SQL = `
WITH live AS MATERIALIZED (${LIVE_CALLS}),
parts AS (
  SELECT ${CALL_FIGURES} FROM live
  UNION ALL
  SELECT refused, error, not_connected, voicemail, connected, in_progress, interviews, successful,
         duration_sum, duration_n, cost FROM (${SERVED_HOURS}) h),
percentiles AS (
  SELECT percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY d) AS p FROM (
    SELECT duration_ms AS d FROM live WHERE class = 'connected' AND duration_ms IS NOT NULL
    UNION ALL
    SELECT unnest(durations) FROM (${SERVED_HOURS}) h) d)
SELECT json_build_object(
     'classes', json_build_object(
        'refused', sum(refused), 'error', sum(error), 'not_connected', sum(not_connected),
        'voicemail', sum(voicemail), 'connected', sum(connected), 'in_progress', sum(in_progress)),
     'interviews', sum(interviews),
     'successful', sum(successful),
     'duration_total_ms', sum(duration_sum),
     'duration_avg_ms', round(sum(duration_sum)::numeric / nullif(sum(duration_n), 0)),
     'duration_p50_ms', (SELECT p[1] FROM percentiles),
     'duration_p90_ms', (SELECT p[2] FROM percentiles),
     'cost_total_cents', sum(cost)::float8) AS totals
FROM parts`;

/** Counts by value and slot: the live edges and the served hours, added up. */
const COUNTS_SQL = `
SELECT dimension, value, sum(n)::int AS n FROM (
  ${valueCounts(LIVE_CALLS)}
  UNION ALL
  SELECT d.key, v.key, v.value::int FROM (${SERVED_HOURS}) h, jsonb_each(h.value_counts) d, jsonb_each_text(d.value) v
) counted GROUP BY 1, 2`;

/** Per-bucket totals: the live edges and the served hours (each within one bucket), added up; `$13` the edges. */
const SERIES_SQL = `
SELECT bucket, sum(placed)::int AS placed, sum(connected)::int AS connected, sum(voicemail)::int AS voicemail,
       sum(interviews)::int AS interviews_scheduled, sum(cost)::float8 AS cost_cents
FROM (
  SELECT width_bucket(instant_ms, $13::bigint[]) AS bucket,
         count(*) FILTER (WHERE class <> 'refused') AS placed,
         count(*) FILTER (WHERE class = 'connected') AS connected,
         count(*) FILTER (WHERE class = 'voicemail') AS voicemail,
         count(*) FILTER (WHERE class = 'connected' AND interview_scheduled) AS interviews,
         coalesce(sum(combined_cost::numeric) FILTER (WHERE class <> 'refused'), 0) AS cost
  FROM (${LIVE_CALLS}) live GROUP BY 1
  UNION ALL
  SELECT width_bucket(hour_ms, $13::bigint[]), sum(error + not_connected + voicemail + connected + in_progress),
         sum(connected), sum(voicemail), sum(interviews), sum(cost)
  FROM (${SERVED_HOURS}) h GROUP BY 1
) parts GROUP BY bucket ORDER BY bucket`;

/** One hour, in ms. The rollup's grain: every zone in use today has whole-hour offsets at most midnights. */
export const HOUR_MS = 3_600_000;
/**
 * Hours are served from the rollup once they ended this long ago (by the database clock). The
 * trigger marks changes to calls older than one hour: a transaction that lasts less than an hour
 * cannot change a served hour unmarked (migration CallAnalyticsRollup).
 */
const SERVE_AFTER_MS = 2 * HOUR_MS;
/** Hours computed per rollup transaction: on PGlite, webhooks run between two of them. */
const HOURS_PER_ROLLUP = 168;

/** Which of [`a`, `b0`) the rollup may serve now, and whether all of it is computed and unmarked. */
const ROLLUP_STATE_SQL = `
WITH span AS (SELECT $1::bigint AS a,
                     least($2::bigint, ((extract(epoch FROM now()) * 1000)::bigint - ${SERVE_AFTER_MS}) / ${HOUR_MS} * ${HOUR_MS}) AS b)
SELECT b,
       (SELECT count(*) FROM call_analytics_hours WHERE hour_ms >= a AND hour_ms < b AND definition = $3)::int AS current,
       EXISTS (SELECT 1 FROM call_analytics_marks WHERE hour_ms >= a AND hour_ms < b) AS marked
FROM span`;

/** Of the hours [`$1`, `$2`), those missing, of another definition (`$3`) or marked. */
const STALE_HOURS_SQL = `
SELECT hr AS hour_ms FROM generate_series($1::bigint, $2::bigint - ${HOUR_MS}, ${HOUR_MS}) hr
WHERE NOT EXISTS (SELECT 1 FROM call_analytics_hours h WHERE h.hour_ms = hr AND h.definition = $3)
   OR EXISTS (SELECT 1 FROM call_analytics_marks m WHERE m.hour_ms = hr)`;

/** The calls of each hour of `$1`, classified with the dial failures `$2`. */
const HOUR_CALLS = `SELECT hr.hour_ms, r.* FROM unnest($1::bigint[]) AS hr(hour_ms) CROSS JOIN LATERAL (${classified(
  '$2',
  `(c.start_timestamp >= hr.hour_ms AND c.start_timestamp < hr.hour_ms + ${HOUR_MS})
     OR (c.start_timestamp IS NULL AND c.created_at >= to_timestamp(hr.hour_ms / 1000)
         AND c.created_at < to_timestamp((hr.hour_ms + ${HOUR_MS}) / 1000))`,
)}) r`;

/** Computes the hours `$1` (definition `$3`) from their calls and stores them, replacing what was there. */
const ROLL_UP_SQL = `
WITH calls AS MATERIALIZED (${HOUR_CALLS}),
figures AS (
  SELECT hour_ms, ${CALL_FIGURES},
         coalesce(array_agg(duration_ms ORDER BY duration_ms) FILTER (WHERE class = 'connected' AND duration_ms IS NOT NULL), '{}') AS durations
  FROM calls GROUP BY hour_ms),
counted AS (${valueCounts('SELECT * FROM calls', ['hour_ms'])}),
counts AS (
  SELECT hour_ms, jsonb_object_agg(dimension, vals) AS value_counts
  FROM (SELECT hour_ms, dimension, jsonb_object_agg(value, n) AS vals FROM counted GROUP BY 1, 2) d GROUP BY 1)
INSERT INTO call_analytics_hours (hour_ms, definition, refused, error, not_connected, voicemail, connected, in_progress,
  interviews, successful, duration_sum, duration_n, durations, cost, value_counts, computed_at)
SELECT hr.hour_ms, $3, coalesce(f.refused, 0), coalesce(f.error, 0), coalesce(f.not_connected, 0),
       coalesce(f.voicemail, 0), coalesce(f.connected, 0), coalesce(f.in_progress, 0), coalesce(f.interviews, 0),
       coalesce(f.successful, 0), coalesce(f.duration_sum, 0), coalesce(f.duration_n, 0), coalesce(f.durations, '{}'),
       coalesce(f.cost, 0), coalesce(v.value_counts, '{}'), now()
FROM unnest($1::bigint[]) AS hr(hour_ms)
LEFT JOIN figures f USING (hour_ms)
LEFT JOIN counts v USING (hour_ms)
ON CONFLICT (hour_ms) DO UPDATE SET definition = excluded.definition, refused = excluded.refused,
  error = excluded.error, not_connected = excluded.not_connected, voicemail = excluded.voicemail,
  connected = excluded.connected, in_progress = excluded.in_progress, interviews = excluded.interviews,
  successful = excluded.successful, duration_sum = excluded.duration_sum, duration_n = excluded.duration_n,
  durations = excluded.durations, cost = excluded.cost, value_counts = excluded.value_counts,
  computed_at = excluded.computed_at`;

/**
 * What a rollup row was computed with: a change of the dial failures recomputes every hour. Bump
 * `version` when the rollup's SQL (`callClass`, `CALL_FIGURES`, `valueCounts`) changes meaning.
 */
const definitionOf = (dialFailures: readonly string[]): string =>
  createHash('sha256')
    .update(JSON.stringify({ version: 1, dialFailures }))
    .digest('hex')
    .slice(0, 16);

/**
 * The analytics SQL over `retell_calls` and its rollup: reads only the typed columns the applier
 * writes, never the call object. Runs on the report pool (`ReportDatabase`), never on the pool
 * webhooks use; callers run it inside `ReportDatabase.run`.
 *
 * Owns the rollup tables `call_analytics_hours` (the figures of each UTC hour of calls) and
 * `call_analytics_marks` (hours whose calls changed, written by a trigger of `retell_calls`). An
 * unfiltered query serves its whole hours that ended over two hours ago from the rollup, computing
 * first those missing or marked, and reads its edges live; a query filtered by job, agent or
 * recruiter, or a series whose buckets do not start on whole hours, reads every call live. Both
 * ways give the same figures (test/e2e/analytics-rollup.e2e-spec.ts).
 */
@Injectable()
export class CallAnalyticsRepository {
  constructor(private readonly reports: ReportDatabase) {}

  /**
   * The figures of `GET /api/analytics/summary` for the calls `filter` selects, in two statements
   * run side by side (totals; counts by value and slot).
   */
  async analyticsSummary(
    filter: CallAnalyticsFilter,
  ): Promise<{ totals: CallTotals; counts: ValueCounts; slots: InterviewSlot[] }> {
    const params = spanParams(await this.span(filter, []));
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
    const span = await this.span(filter, bounds);
    return this.reports.db.query<BucketTotals[]>(SERIES_SQL, [...spanParams(span), bounds]);
  }

  /**
   * The hours of `filter`'s range that the rollup serves, made current first: whole hours that
   * ended over two hours ago, if the query is unfiltered and no bucket edge falls inside one of them.
   */
  private async span(filter: CallAnalyticsFilter, bounds: readonly number[]): Promise<Span> {
    const none: Span = { filter, a: filter.from.getTime(), b: filter.from.getTime() };
    if (filter.job_id !== undefined || filter.agent_id !== undefined || filter.recruiter !== undefined) return none;
    const a = Math.ceil(filter.from.getTime() / HOUR_MS) * HOUR_MS;
    const b0 = Math.floor(filter.to.getTime() / HOUR_MS) * HOUR_MS;
    if (b0 <= a || bounds.some((edge) => edge > a && edge < b0 && edge % HOUR_MS !== 0)) return none;
    const definition = definitionOf(filter.dialFailures);
    const [state] = await this.reports.db.query<{ b: string; current: number; marked: boolean }[]>(ROLLUP_STATE_SQL, [
      a,
      b0,
      definition,
    ]);
    const b = int(state.b);
    if (b <= a) return none;
    if (state.marked || state.current < (b - a) / HOUR_MS) {
      for (let start = a; start < b; start += HOURS_PER_ROLLUP * HOUR_MS) {
        const end = Math.min(b, start + HOURS_PER_ROLLUP * HOUR_MS);
        await this.reports.transaction((manager) => this.rollUp(manager, start, end, filter.dialFailures));
      }
    }
    return { filter, a, b };
  }

  /**
   * Computes the hours of [`start`, `end`) that are missing, of another definition or marked, and
   * deletes the marks it saw. On Postgres the table lock (taken before the snapshot) makes rollups
   * run one at a time, and REPEATABLE READ keeps a mark written after the snapshot for the next one.
   */
  private async rollUp(
    manager: EntityManager,
    start: number,
    end: number,
    dialFailures: readonly string[],
  ): Promise<void> {
    await manager.query('LOCK TABLE call_analytics_hours IN SHARE ROW EXCLUSIVE MODE');
    const definition = definitionOf(dialFailures);
    const stale = await manager.query<{ hour_ms: string }[]>(STALE_HOURS_SQL, [start, end, definition]);
    if (stale.length === 0) return;
    const hours = stale.map((row) => int(row.hour_ms));
    await manager.query(ROLL_UP_SQL, [hours, dialFailures, definition]);
    await manager.query('DELETE FROM call_analytics_marks WHERE hour_ms = ANY($1::bigint[])', [hours]);
  }
}
