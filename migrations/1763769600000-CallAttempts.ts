import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Calls placed by the service: attempt number, job, recruiter and dial error on the call record. */
export class CallAttempts1763769600000 implements MigrationInterface {
  name = 'CallAttempts1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "retell_calls" ADD "attempt" integer`);
    await queryRunner.query(`ALTER TABLE "retell_calls" ADD "job_id" text`);
    await queryRunner.query(`ALTER TABLE "retell_calls" ADD "recruiter" text`);
    await queryRunner.query(`ALTER TABLE "retell_calls" ADD "dial_error" text`);
    // Two dials can never share an attempt number: a last line of defence against a double dial.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_retell_calls_attempt" ON "retell_calls" ("candidate_id", "attempt") WHERE "attempt" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_retell_calls_status" ON "retell_calls" ("call_status", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_retell_calls_status"`);
    await queryRunner.query(`DROP INDEX "UQ_retell_calls_attempt"`);
    await queryRunner.query(`ALTER TABLE "retell_calls" DROP COLUMN "dial_error"`);
    await queryRunner.query(`ALTER TABLE "retell_calls" DROP COLUMN "recruiter"`);
    await queryRunner.query(`ALTER TABLE "retell_calls" DROP COLUMN "job_id"`);
    await queryRunner.query(`ALTER TABLE "retell_calls" DROP COLUMN "attempt"`);
  }
}
