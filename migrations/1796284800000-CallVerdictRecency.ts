import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each call's verdict and recency as columns of `retell_calls`, written by the applier, so that
 * "has a newer call of this candidate decided?" is one probe of a small index instead of reading
 * and mapping every call of the candidate under its lock (issue 10).
 *
 * `verdict` is call-rules `callVerdict` of the call's mapped fields (`contacted`, `interviewing`,
 * `rejected`, or null when the call says nothing); `recency_ms` is `callRecency` (Retell's
 * `start_timestamp`, else `end_timestamp`, else `created_at`, in epoch ms). The backfill below
 * computes both from the stored columns with the same rules as the mapper (test/db proves they
 * agree).
 */
/** Disconnection reasons after which nobody spoke with the candidate (call-rules, as of this migration). */
const NOT_REACHED = [
  'voicemail_reached',
  'ivr_reached',
  'dial_busy',
  'dial_failed',
  'dial_no_answer',
  'invalid_destination',
  'telephony_provider_permission_denied',
  'telephony_provider_unavailable',
  'sip_routing_error',
  'marked_as_spam',
  'user_declined',
  'registered_call_timeout',
  'concurrency_limit_reached',
  'no_concurrency_fallback',
  'no_valid_payment',
  'scam_detected',
  'error_user_not_joined',
];

/** What JavaScript's String.prototype.trim removes: Unicode white space and line terminators. */
const JS_WHITESPACE =
  "U&'\\0009\\000A\\000B\\000C\\000D\\0020\\00A0\\1680\\2000\\2001\\2002\\2003\\2004\\2005\\2006\\2007\\2008\\2009\\200A\\2028\\2029\\202F\\205F\\3000\\FEFF'";

/** A custom analysis field given as a JSON string, trimmed and lower-cased as custom-analysis compares it; else null. */
const CUSTOM_TEXT = (field: string): string =>
  `CASE WHEN jsonb_typeof("call_analysis" -> 'custom_analysis_data' -> '${field}') = 'string'
     THEN lower(btrim("call_analysis" -> 'custom_analysis_data' ->> '${field}', ${JS_WHITESPACE})) END`;

export class CallVerdictRecency1796284800000 implements MigrationInterface {
  name = 'CallVerdictRecency1796284800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "retell_calls" ADD "verdict" text`);
    await queryRunner.query(`ALTER TABLE "retell_calls" ADD "recency_ms" bigint`);
    await queryRunner.query(
      `ALTER TABLE "retell_calls" ADD CONSTRAINT "CHK_retell_calls_verdict" CHECK ("verdict" IN ('contacted', 'interviewing', 'rejected'))`,
    );
    await queryRunner.query(`
      UPDATE "retell_calls" SET
        "recency_ms" = coalesce("start_timestamp", "end_timestamp", (extract(epoch FROM "created_at") * 1000)::bigint),
        "verdict" = CASE
          WHEN "call_status" = 'ended'
           AND ("call_analysis" -> 'in_voicemail') IS DISTINCT FROM 'true'::jsonb
           AND coalesce(${CUSTOM_TEXT('outcome')}, '') <> 'voicemail left'
           AND coalesce("disconnection_reason", '') NOT IN (${NOT_REACHED.map((reason) => `'${reason}'`).join(', ')})
          THEN CASE
            WHEN "call_analysis" -> 'custom_analysis_data' -> 'interview_scheduled' = 'true'::jsonb
              OR ${CUSTOM_TEXT('interview_scheduled')} IN ('true', 'yes', 'y')
              THEN 'interviewing'
            WHEN ${CUSTOM_TEXT('outcome')} = 'not interested' THEN 'rejected'
            ELSE 'contacted'
          END
        END`);
    // Only decisive calls matter to the question, so only they are indexed.
    await queryRunner.query(
      `CREATE INDEX "IDX_retell_calls_decisive" ON "retell_calls" ("candidate_id", "recency_ms") WHERE "verdict" IN ('interviewing', 'rejected')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_retell_calls_decisive"`);
    await queryRunner.query(`ALTER TABLE "retell_calls" DROP CONSTRAINT "CHK_retell_calls_verdict"`);
    await queryRunner.query(`ALTER TABLE "retell_calls" DROP COLUMN "recency_ms"`);
    await queryRunner.query(`ALTER TABLE "retell_calls" DROP COLUMN "verdict"`);
  }
}
