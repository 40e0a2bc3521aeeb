import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transcript is stored once, with its call (`retell_calls.call`); the candidate reads it from
 * its current call (`Candidate.retell_transcript`). The candidate's own copies stopped being
 * written or read with the release of 2026-12-05 (commit fab0cb5) and stayed for rolling updates;
 * every replica must run that release or a later one before this runs (docs/operations.md,
 * Migrations). `DROP COLUMN` only hides the values: they stay in the table's pages until each row
 * is rewritten (`VACUUM FULL candidates` on Postgres; PGlite's erasure rewrites it). `down` puts
 * the columns back, filled from each candidate's current call.
 */
export class DropCandidateTranscriptCopy1796932800000 implements MigrationInterface {
  name = 'DropCandidateTranscriptCopy1796932800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "candidates" DROP COLUMN "retell_transcript", DROP COLUMN "retell_transcript_object"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "candidates" ADD COLUMN "retell_transcript" text, ADD COLUMN "retell_transcript_object" jsonb`,
    );
    await queryRunner.query(
      `UPDATE "candidates" c
       SET "retell_transcript" = CASE WHEN jsonb_typeof(r."call" -> 'transcript') = 'string' THEN r."call" ->> 'transcript' END,
           "retell_transcript_object" = CASE WHEN jsonb_typeof(r."call" -> 'transcript_object') = 'array' THEN r."call" -> 'transcript_object' END
       FROM "retell_calls" r
       WHERE r."call_id" = c."retell_call_id" AND r."candidate_id" = c."id"`,
    );
  }
}
