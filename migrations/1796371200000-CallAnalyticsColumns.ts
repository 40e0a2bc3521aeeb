import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What analytics reads of a call, as typed columns of `retell_calls` written by the applier
 * (mapper `CallRecordFields`), so that `GET /api/analytics/*` never parses JSON at query time
 * (issue 9): `in_voicemail`, `call_successful`, `user_sentiment`,
 * the custom analysis `interview_scheduled`, `outcome` and `candidate_interest_level`, and
 * Retell's `call_cost.combined_cost` (cents), and the agreed interview time's local weekday and
 * hour (the booking-slot map).
 *
 * The backfill computes them from the stored call object with the mapper's parsing rules
 * (custom-analysis.ts, as of this migration: trimmed text, yes/no words, selector values in their
 * canonical spelling); test/db/call-analytics-backfill.spec.ts proves the two agree. Migrations
 * are frozen, so the helpers below are this file's own copy.
 */

/** What JavaScript's String.prototype.trim removes: Unicode white space and line terminators. */
const JS_WHITESPACE =
  "U&'\\0009\\000A\\000B\\000C\\000D\\0020\\00A0\\1680\\2000\\2001\\2002\\2003\\2004\\2005\\2006\\2007\\2008\\2009\\200A\\2028\\2029\\202F\\205F\\3000\\FEFF'";

const custom = (field: string): string => `("call_analysis" -> 'custom_analysis_data' -> '${field}')`;

/** custom-analysis `text`: a number as text, a string trimmed (empty or over 10,000 characters → null). */
const customText = (field: string): string => `CASE jsonb_typeof(${custom(field)})
    WHEN 'number' THEN ${custom(field)} #>> '{}'
    WHEN 'string' THEN (SELECT nullif(t, '') FROM btrim(${custom(field)} #>> '{}', ${JS_WHITESPACE}) t WHERE length(t) <= 10000)
  END`;

/** custom-analysis `choice`: the option matched case-insensitively, else the text as given. */
const customChoice = (field: string, options: string[]): string =>
  `(SELECT coalesce((SELECT o FROM unnest(ARRAY[${options.map((o) => `'${o}'`).join(', ')}]) o WHERE lower(o) = lower(v)), v)
      FROM (SELECT ${customText(field)} AS v) x)`;

/** custom-analysis `boolean`: JSON true/false, or the words true/yes/y and false/no/n. */
const customBoolean = (field: string): string => `CASE jsonb_typeof(${custom(field)})
    WHEN 'boolean' THEN (${custom(field)})::boolean
    WHEN 'string' THEN CASE lower(btrim(${custom(field)} #>> '{}', ${JS_WHITESPACE}))
      WHEN 'true' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true
      WHEN 'false' THEN false WHEN 'no' THEN false WHEN 'n' THEN false END
  END`;

const analysisBoolean = (field: string): string =>
  `CASE WHEN jsonb_typeof("call_analysis" -> '${field}') = 'boolean' THEN ("call_analysis" -> '${field}')::boolean END`;

export class CallAnalyticsColumns1796371200000 implements MigrationInterface {
  name = 'CallAnalyticsColumns1796371200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "retell_calls"
      ADD "in_voicemail" boolean,
      ADD "call_successful" boolean,
      ADD "user_sentiment" text,
      ADD "interview_scheduled" boolean,
      ADD "outcome" text,
      ADD "interest_level" text,
      ADD "combined_cost" double precision,
      ADD "interview_weekday" smallint,
      ADD "interview_hour" smallint`);
    await queryRunner.query(`
      UPDATE "retell_calls" SET
        "in_voicemail" = ${analysisBoolean('in_voicemail')},
        "call_successful" = ${analysisBoolean('call_successful')},
        "user_sentiment" = CASE WHEN jsonb_typeof("call_analysis" -> 'user_sentiment') = 'string'
                                THEN nullif("call_analysis" ->> 'user_sentiment', '') END,
        "interview_scheduled" = ${customBoolean('interview_scheduled')},
        "outcome" = ${customChoice('outcome', ['Interview Scheduled', 'Callback Requested', 'Not Interested', 'Voicemail Left'])},
        "interest_level" = ${customChoice('candidate_interest_level', ['High', 'Medium', 'Low', 'Not Interested'])}
      WHERE jsonb_typeof("call_analysis") = 'object'`);
    await queryRunner.query(`
      UPDATE "retell_calls" SET "combined_cost" = ("call" -> 'call_cost' -> 'combined_cost')::double precision
      WHERE jsonb_typeof("call" -> 'call_cost' -> 'combined_cost') = 'number'`);
    // The agreed slot of calls that booked an interview, from the interview they booked (the
    // applier computes it from the call's analysis, which also covers times that booked nothing).
    await queryRunner.query(`
      UPDATE "retell_calls" c SET
        "interview_weekday" = extract(isodow FROM i."starts_at" AT TIME ZONE i."timezone"),
        "interview_hour" = extract(hour FROM i."starts_at" AT TIME ZONE i."timezone")
      FROM (SELECT DISTINCT ON ("call_id") "call_id", "starts_at", "timezone" FROM "interviews"
            WHERE "call_id" IS NOT NULL ORDER BY "call_id", "id") i
      WHERE c."call_id" = i."call_id"`);
    // A call is in an analytics range by Retell's start_timestamp, or by created_at if it never started.
    await queryRunner.query(`CREATE INDEX "IDX_retell_calls_started" ON "retell_calls" ("start_timestamp")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_retell_calls_unstarted" ON "retell_calls" ("created_at") WHERE "start_timestamp" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_retell_calls_unstarted"`);
    await queryRunner.query(`DROP INDEX "IDX_retell_calls_started"`);
    await queryRunner.query(`ALTER TABLE "retell_calls"
      DROP COLUMN "interview_hour",
      DROP COLUMN "interview_weekday",
      DROP COLUMN "combined_cost",
      DROP COLUMN "interest_level",
      DROP COLUMN "outcome",
      DROP COLUMN "interview_scheduled",
      DROP COLUMN "user_sentiment",
      DROP COLUMN "call_successful",
      DROP COLUMN "in_voicemail"`);
  }
}
