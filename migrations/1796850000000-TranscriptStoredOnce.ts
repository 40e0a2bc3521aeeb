import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transcript is stored once per call: a candidate's `retell_transcript` and
 * `retell_transcript_object` are read from its current call's object (`retell_calls.call`), no
 * longer copied onto the candidate row on every event. The copies are dropped; `down` restores
 * them from the calls.
 */
export class TranscriptStoredOnce1796850000000 implements MigrationInterface {
  name = 'TranscriptStoredOnce1796850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "candidates" DROP COLUMN "retell_transcript", DROP COLUMN "retell_transcript_object"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "candidates" ADD "retell_transcript" text, ADD "retell_transcript_object" jsonb`,
    );
    await queryRunner.query(
      `UPDATE "candidates" c
       SET "retell_transcript" = CASE WHEN jsonb_typeof(r."call" -> 'transcript') = 'string' THEN r."call" ->> 'transcript' END,
           "retell_transcript_object" = CASE WHEN jsonb_typeof(r."call" -> 'transcript_object') = 'array' THEN r."call" -> 'transcript_object' END
       FROM "retell_calls" r WHERE r."call_id" = c."retell_call_id"`,
    );
  }
}
