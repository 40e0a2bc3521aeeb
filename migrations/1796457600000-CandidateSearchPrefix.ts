import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate search (`GET /api/candidates?q=`) by prefix, through indexes: the start of the
 * e-mail, of the full name ("first last", which covers the first name) or of the last name,
 * case-insensitively. `text_pattern_ops` btree indexes serve `lower(...) LIKE 'prefix%'` on
 * Postgres and PGlite alike, with no extension; before, a substring search scanned every row
 * (p99 128 ms at 100,000 candidates).
 */
export class CandidateSearchPrefix1796457600000 implements MigrationInterface {
  name = 'CandidateSearchPrefix1796457600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_candidates_email_prefix" ON "candidates" (lower("email") text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_candidates_name_prefix" ON "candidates" (lower("first_name" || ' ' || "last_name") text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_candidates_last_name_prefix" ON "candidates" (lower("last_name") text_pattern_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_candidates_last_name_prefix"`);
    await queryRunner.query(`DROP INDEX "IDX_candidates_name_prefix"`);
    await queryRunner.query(`DROP INDEX "IDX_candidates_email_prefix"`);
  }
}
