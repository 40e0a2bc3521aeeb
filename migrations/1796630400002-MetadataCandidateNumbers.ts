import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The erasure's index of unattributed events by the candidate their metadata names, rebuilt on the
 * applier's definition (src/database/metadata-candidate.ts): a JSON number naming the candidate in
 * any spelling (`2.0`, `0.2e1`) now counts, as the applier counts it; before, only digit strings
 * did, and an erasure left such an event's payload behind. The expression is METADATA_CANDIDATE_SQL
 * as it is now, copied here (a migration never changes).
 */
export class MetadataCandidateNumbers1796630400002 implements MigrationInterface {
  name = 'MetadataCandidateNumbers1796630400002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_retell_webhook_events_metadata_candidate"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_retell_webhook_events_metadata_candidate" ON "retell_webhook_events" ((CASE jsonb_typeof(payload #> '{call,metadata,candidate_id}')
  WHEN 'string' THEN CASE WHEN (payload #>> '{call,metadata,candidate_id}') ~ '^[ \\t\\n\\v\\f\\r]*[0-9]{1,10}[ \\t\\n\\v\\f\\r]*$'
    THEN CASE WHEN (payload #>> '{call,metadata,candidate_id}')::bigint BETWEEN 1 AND 2147483647
      THEN (payload #>> '{call,metadata,candidate_id}')::bigint END END
  WHEN 'number' THEN CASE WHEN (payload #>> '{call,metadata,candidate_id}') ~ '^[0-9]{1,10}([.][0-9]+)?$'
    THEN CASE WHEN (payload #>> '{call,metadata,candidate_id}')::numeric BETWEEN 0.5 AND 2147483648
    THEN CASE WHEN (payload #>> '{call,metadata,candidate_id}')::float8 BETWEEN 1 AND 2147483647
      AND (payload #>> '{call,metadata,candidate_id}')::float8 = trunc((payload #>> '{call,metadata,candidate_id}')::float8)
      THEN (payload #>> '{call,metadata,candidate_id}')::float8::bigint END END END
END)) WHERE "outcome" IN ('orphaned', 'failed', 'ignored') AND "payload" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_retell_webhook_events_metadata_candidate"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_retell_webhook_events_metadata_candidate" ON "retell_webhook_events" ((CASE WHEN (payload #>> '{call,metadata,candidate_id}') ~ '^[[:space:]]*[0-9]{1,10}[[:space:]]*$' THEN (payload #>> '{call,metadata,candidate_id}')::bigint END)) WHERE "outcome" IN ('orphaned', 'failed', 'ignored') AND "payload" IS NOT NULL`,
    );
  }
}
