import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trigram indexes for `GET /api/candidates?q=`: a substring search of names and e-mails uses
 * them instead of scanning every candidate (pg_trgm is a trusted extension since Postgres 13).
 */
export class CandidateSearch1763856000000 implements MigrationInterface {
  name = 'CandidateSearch1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "IDX_candidates_name_trgm" ON "candidates" USING gin (("first_name" || ' ' || "last_name") gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_candidates_email_trgm" ON "candidates" USING gin ("email" gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_candidates_email_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_candidates_name_trgm"`);
  }
}
