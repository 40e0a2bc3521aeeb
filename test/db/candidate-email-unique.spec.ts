import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CandidateEmailUnique1796630400000 } from '../../migrations/1796630400000-CandidateEmailUnique.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';

/** Issue 19, item 12: the unique e-mail index, and what its migration does with copies already stored. */
describe('migration CandidateEmailUnique on a database holding copies', () => {
  let h: IngestionHarness;
  const migration = new CandidateEmailUnique1796630400000();
  beforeAll(async () => {
    h = await startIngestion();
  });
  afterAll(async () => {
    await h.close();
  });

  const run = async (step: 'up' | 'down'): Promise<void> => {
    const runner = h.dataSource.createQueryRunner();
    try {
      await migration[step](runner);
    } finally {
      await runner.release();
    }
  };

  it('should stop, listing the ids of each group of copies and no address, then build the index once they are gone', async () => {
    await run('down');
    const first = await h.candidate({ email: 'same.person@example.com' });
    const second = await h.candidate({ email: 'Same.Person@Example.com' });
    const other = await h.candidate({ email: 'twice@example.com' });
    const otherCopy = await h.candidate({ email: 'TWICE@example.com' });
    await h.candidate({ email: 'alone@example.com', phone: '+14155550199' });

    const failure = await run('up').then(
      () => '',
      (error: Error) => error.message,
    );
    expect(failure).toContain(`[${first}, ${second}] [${other}, ${otherCopy}]`);
    expect(failure).not.toMatch(/@/);

    await h.dataSource.query('DELETE FROM candidates WHERE id IN ($1, $2)', [second, otherCopy]);
    await run('up');
    await expect(h.candidate({ email: 'SAME.person@example.com' })).rejects.toThrow(/UQ_candidates_email|unique/);
  });
});
