import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Right to erasure and payload retention:
 * - `erased_calls` and `erased_candidates`, the tombstones of erased candidates: ids only, so that
 *   later events of their calls are recognised and stored without their data;
 * - indexes on `retell_webhook_events` for the erasure (events by candidate, and unattributed
 *   events by the `metadata.candidate_id` of their payload) and for the retention sweep (events
 *   still holding a payload or an error, by age).
 *
 * The indexes are created `IF NOT EXISTS`: on a large event log, create them beforehand with
 * `CREATE INDEX CONCURRENTLY` under the same names (see docs/deployment.md), and this migration
 * then skips them instead of blocking writes to the table while they build.
 */
export class PrivacyErasureRetention1796284875717 implements MigrationInterface {
  name = 'PrivacyErasureRetention1796284875717';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "erased_calls" (
        "call_id" text NOT NULL,
        "erased_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_erased_calls" PRIMARY KEY ("call_id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_erased_calls_erased_at" ON "erased_calls" ("erased_at")`);
    await queryRunner.query(`
      CREATE TABLE "erased_candidates" (
        "candidate_id" integer NOT NULL,
        "erased_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_erased_candidates" PRIMARY KEY ("candidate_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_retell_webhook_events_candidate" ON "retell_webhook_events" ("candidate_id") WHERE "candidate_id" IS NOT NULL`,
    );
    // The same expression as METADATA_CANDIDATE_SQL in retell-webhook-events.repository.ts, character
    // for character, or the planner cannot use the index. Only events applied to no candidate
    // (orphaned, failed, ignored) and still holding a payload: applied events never enter it.
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_retell_webhook_events_metadata_candidate" ON "retell_webhook_events" ((CASE WHEN (payload #>> '{call,metadata,candidate_id}') ~ '^[[:space:]]*[0-9]{1,10}[[:space:]]*$' THEN (payload #>> '{call,metadata,candidate_id}')::bigint END)) WHERE "outcome" IN ('orphaned', 'failed', 'ignored') AND "payload" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_retell_webhook_events_retained" ON "retell_webhook_events" ("received_at") WHERE "payload" IS NOT NULL OR "error" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_retell_webhook_events_retained"`);
    await queryRunner.query(`DROP INDEX "IDX_retell_webhook_events_metadata_candidate"`);
    await queryRunner.query(`DROP INDEX "IDX_retell_webhook_events_candidate"`);
    await queryRunner.query(`DROP TABLE "erased_candidates"`);
    await queryRunner.query(`DROP TABLE "erased_calls"`);
  }
}
