import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate list sorted by name (`GET /api/candidates?sort=name`): last name, first name, then
 * id, read page by page in index order (keyset paging), instead of sorting every matching row for
 * each page.
 */
export class CandidateNameOrder1796673600000 implements MigrationInterface {
  name = 'CandidateNameOrder1796673600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_candidates_name_order" ON "candidates" ("last_name", "first_name", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_candidates_name_order"`);
  }
}
