/**
 * The analytics data set of `npm run bench:analytics`, seeded with SQL (shared with the analytics
 * isolation test): candidates, calls with the kinds, costs and analysis values real calls have, and
 * one interview per booking.
 */
import type pg from 'pg';

/**
 * `$1` calls of `$2` candidates (ids 1 to `$2`) over the last `$3` days. The kinds of calls, by share of 1,000: connected 450, voicemail 200, dial failures 250, error 30, refused 20, in progress 1‰ of the rest.
 */
export const SEED_CALLS_SQL = `
INSERT INTO retell_calls (call_id, candidate_id, call_status, call_type, agent_id, job_id, recruiter,
  start_timestamp, end_timestamp, duration_ms, disconnection_reason, call_analysis, call, verdict, recency_ms,
  in_voicemail, call_successful, user_sentiment, interview_scheduled, outcome, interest_level,
  combined_cost, created_at, updated_at)
SELECT CASE WHEN kind <> 'refused' THEN 'call_bench_' || g END, (1 + (g::bigint * 7919) % $2::int)::int,
  CASE kind WHEN 'connected' THEN 'ended' WHEN 'voicemail' THEN 'ended' WHEN 'dial' THEN 'not_connected'
            WHEN 'error' THEN 'error' WHEN 'refused' THEN 'failed' ELSE 'ongoing' END,
  'phone_call', 'agent_' || (g % 5), (g % 20)::text, 'Recruiter ' || (g % 10),
  CASE WHEN kind IN ('connected', 'voicemail', 'live') THEN started END,
  CASE WHEN kind IN ('connected', 'voicemail') THEN started + duration END,
  CASE WHEN kind IN ('connected', 'voicemail') THEN duration END,
  CASE kind WHEN 'connected' THEN (ARRAY['agent_hangup', 'user_hangup'])[1 + g % 2] WHEN 'voicemail' THEN 'voicemail_reached'
            WHEN 'dial' THEN (ARRAY['dial_no_answer', 'dial_busy', 'dial_failed', 'invalid_destination'])[1 + g % 4]
            WHEN 'error' THEN 'error_llm_websocket_open' END,
  CASE WHEN analyzed THEN jsonb_build_object('call_summary', 'Screened the candidate for the role; ' || md5(g::text),
    'user_sentiment', sentiment, 'call_successful', successful, 'in_voicemail', kind = 'voicemail',
    'custom_analysis_data', jsonb_build_object('interview_scheduled', booked, 'outcome', outcome,
      'candidate_interest_level', interest, 'years_of_experience', g % 15, 'technical_skills_mentioned', 'Python, SQL, AWS')) END,
  jsonb_build_object('call_id', 'call_bench_' || g, 'stub', true),
  CASE WHEN kind = 'connected' THEN CASE WHEN booked THEN 'interviewing' WHEN outcome = 'Not Interested' THEN 'rejected' ELSE 'contacted' END END,
  coalesce(started, (extract(epoch FROM at) * 1000)::bigint),
  CASE WHEN analyzed THEN kind = 'voicemail' END, CASE WHEN analyzed THEN successful END,
  CASE WHEN analyzed THEN sentiment END, CASE WHEN analyzed THEN booked END,
  CASE WHEN analyzed THEN outcome END, CASE WHEN analyzed THEN interest END,
  CASE WHEN kind <> 'refused' THEN round((duration / 60000.0 * 9 + 1)::numeric, 4)::float8 END,
  at, at
FROM generate_series(1, $1::int) AS g,
LATERAL (SELECT now() - ((g::bigint * 104729) % ($3::bigint * 86400)) * interval '1 second' AS at, (g * 31) % 1000 AS h) AS x,
LATERAL (SELECT CASE WHEN h < 450 THEN 'connected' WHEN h < 650 THEN 'voicemail' WHEN h < 900 THEN 'dial'
                     WHEN h < 930 THEN 'error' WHEN h < 950 THEN 'refused' WHEN h < 951 THEN 'live' ELSE 'connected' END AS kind,
                (extract(epoch FROM at) * 1000)::bigint AS started,
                30000 + (g * 7) % 600000 AS duration) AS y,
LATERAL (SELECT kind IN ('connected', 'voicemail') AS analyzed,
                kind = 'connected' AND g % 10 < 3 AS booked,
                (ARRAY['Positive', 'Neutral', 'Negative', 'Unknown'])[1 + g % 4] AS sentiment,
                g % 3 <> 0 AS successful,
                CASE WHEN kind = 'voicemail' THEN 'Voicemail Left' WHEN g % 10 < 3 THEN 'Interview Scheduled'
                     WHEN g % 10 < 6 THEN 'Not Interested' WHEN g % 10 < 9 THEN 'Callback Requested' END AS outcome,
                (ARRAY['High', 'Medium', 'Low', 'Not Interested', NULL])[1 + g % 5] AS interest) AS z`;

/** What {@link seedAnalytics} writes: calls over the last `days` days, their candidates numbered from 1. */
export interface AnalyticsSeed {
  calls: number;
  candidates: number;
  days: number;
}

/**
 * Seeds candidates, calls and interviews into the schema `db` works in (its `search_path`), which
 * must hold no candidates yet; then VACUUM ANALYZE of those tables (visibility map and statistics).
 */
export async function seedAnalytics(db: pg.Client, seed: AnalyticsSeed): Promise<void> {
  await db.query(
    `INSERT INTO candidates (first_name, last_name, email, phone, status, created_at, updated_at)
         SELECT 'Bench', 'Candidate ' || g, 'bench.' || g || '@example.com', '+1' || (2000000000 + g)::text,
           (ARRAY['new', 'contacted', 'interviewing', 'rejected', 'hired', 'withdrawn'])[1 + g % 6], now(), now()
         FROM generate_series(1, $1::int) g`,
    [seed.candidates],
  );
  await db.query(SEED_CALLS_SQL, [seed.calls, seed.candidates, seed.days]);
  // One interview per booking; a candidate holds one scheduled interview at most (a unique
  // index), so each candidate's newest booking is scheduled and the older ones cancelled.
  await db.query(
    `INSERT INTO interviews (candidate_id, call_id, starts_at, timezone, status)
         SELECT candidate_id, call_id, created_at + interval '3 days' + (id % 9) * interval '1 hour',
                (ARRAY['America/New_York', 'America/Chicago', 'Europe/London'])[1 + id % 3],
                CASE WHEN row_number() OVER (PARTITION BY candidate_id ORDER BY id DESC) = 1 THEN 'scheduled' ELSE 'cancelled' END
         FROM retell_calls WHERE interview_scheduled`,
  );
  await db.query('VACUUM ANALYZE candidates, retell_calls, interviews');
}
