import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The erasure's index of unattributed events by the candidate their metadata names, rebuilt on the
 * applier's definition (src/database/metadata-candidate.ts): a JSON number naming the candidate in
 * any spelling (`2.0`, `20e-1`) now counts, as the applier counts it; before, only digit strings
 * did, and an erasure left such an event's payload behind.
 *
 * The definition is a function, `retell_metadata_candidate_id(payload)`: written once for the
 * index and the queries, and declared costly (COST 1000) so that the planner looks it up in the
 * index rather than evaluating it on every unattributed event. PL/pgSQL, so that it is not inlined
 * (an inlined expression would be costed as cheap). Nested IFs: a cast runs only on text the
 * pattern admitted, and to float8 only near the range, so no stored value raises an error.
 */
export class MetadataCandidateNumbers1796630400002 implements MigrationInterface {
  name = 'MetadataCandidateNumbers1796630400002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "retell_metadata_candidate_id"(payload jsonb) RETURNS bigint
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
      DECLARE
        kind text := jsonb_typeof(payload #> '{call,metadata,candidate_id}');
        given text := payload #>> '{call,metadata,candidate_id}';
        number float8;
      BEGIN
        IF kind = 'string' THEN
          IF given ~ '^[ \\t\\n\\v\\f\\r]*[0-9]{1,10}[ \\t\\n\\v\\f\\r]*$' THEN
            IF given::bigint BETWEEN 1 AND 2147483647 THEN
              RETURN given::bigint;
            END IF;
          END IF;
        ELSIF kind = 'number' THEN
          IF given ~ '^[0-9]{1,10}([.][0-9]+)?$' THEN
            IF given::numeric BETWEEN 0.5 AND 2147483648 THEN
              number := given::float8;
              IF number BETWEEN 1 AND 2147483647 AND number = trunc(number) THEN
                RETURN number::bigint;
              END IF;
            END IF;
          END IF;
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`DROP INDEX "IDX_retell_webhook_events_metadata_candidate"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_retell_webhook_events_metadata_candidate" ON "retell_webhook_events" (("retell_metadata_candidate_id"("payload"))) WHERE "outcome" IN ('orphaned', 'failed', 'ignored') AND "payload" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_retell_webhook_events_metadata_candidate"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_retell_webhook_events_metadata_candidate" ON "retell_webhook_events" ((CASE WHEN (payload #>> '{call,metadata,candidate_id}') ~ '^[[:space:]]*[0-9]{1,10}[[:space:]]*$' THEN (payload #>> '{call,metadata,candidate_id}')::bigint END)) WHERE "outcome" IN ('orphaned', 'failed', 'ignored') AND "payload" IS NOT NULL`,
    );
    await queryRunner.query(`DROP FUNCTION "retell_metadata_candidate_id"(jsonb)`);
  }
}
