import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One candidate per e-mail address, case-insensitively: a unique index on `lower(email)`. Phones
 * may be shared (a household, a switchboard), so they stay free.
 *
 * Candidates that already share an address are not merged or deleted here (which of them holds the
 * calls, the interview, the recruiter's notes is a recruiter's decision): the migration stops,
 * listing their ids (never the addresses), and nothing changes. Merge or erase the copies (or
 * correct their e-mail) through the API with the previous version, then start again; see
 * docs/operations.md, "Duplicate candidates".
 */
export class CandidateEmailUnique1796630400000 implements MigrationInterface {
  name = 'CandidateEmailUnique1796630400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const groups = (await queryRunner.query(
      `SELECT array_agg(id ORDER BY id) AS ids FROM candidates GROUP BY lower(email) HAVING count(*) > 1
       ORDER BY min(id) LIMIT 50`,
    )) as { ids: (string | number)[] }[];
    if (groups.length > 0) {
      throw new Error(
        `Migration CandidateEmailUnique: some candidates share an e-mail address (case-insensitively), ` +
          `which must be unique from now on. Candidate ids sharing one, by address: ` +
          `${groups.map((group) => `[${group.ids.join(', ')}]`).join(' ')}${groups.length === 50 ? ' (first 50 groups)' : ''}. ` +
          'Merge or erase the copies, or correct their e-mail, with the previous version of the service, then start this one again.',
      );
    }
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_candidates_email" ON "candidates" (lower("email"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_candidates_email"`);
  }
}
