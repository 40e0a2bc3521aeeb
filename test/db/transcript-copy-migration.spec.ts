import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DropCandidateTranscriptCopy1796932800000 } from '../../migrations/1796932800000-DropCandidateTranscriptCopy.js';
import { Candidate } from '../../src/database/entities/candidate.entity.js';
import { webhookEnvelope } from '../../src/ingestion/envelope.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';
import { analyzedCall, newCallId } from '../support/retell-fixtures.js';

/**
 * The candidate's copies of the transcript are dropped (migration DropCandidateTranscriptCopy); the
 * candidate reads it from its current call. `down` must give them back, filled from that call.
 */
describe('migration DropCandidateTranscriptCopy', () => {
  let h: IngestionHarness;

  beforeAll(async () => {
    h = await startIngestion();
  });
  afterAll(() => h.close());

  const copyColumns = async (): Promise<string[]> =>
    (
      await h.dataSource.query<{ column_name: string }[]>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'candidates' AND column_name LIKE 'retell_transcript%'
         ORDER BY column_name`,
      )
    ).map((row) => row.column_name);

  it('should leave the transcript on its call only, and put the copies back from the current call on down', async () => {
    const [called, uncalled] = [await h.candidate(), await h.candidate()];
    const call = analyzedCall({ callId: newCallId(), candidateId: called });
    const ingestion = h.module.get(IngestionService);
    expect(
      (await ingestion.ingest(webhookEnvelope(Buffer.from(JSON.stringify({ event: 'call_analyzed', call }))))).outcome,
    ).toBe('applied');
    expect(await copyColumns()).toEqual([]);
    const read = await h.dataSource.getRepository(Candidate).findOneByOrFail({ id: called });
    expect(read.retell_transcript).toBe(call.transcript);
    expect(read.retell_transcript_object).toEqual(call.transcript_object);

    const migration = new DropCandidateTranscriptCopy1796932800000();
    const runner = h.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await copyColumns()).toEqual(['retell_transcript', 'retell_transcript_object']);
      const rows = await h.dataSource.query<
        { id: number; retell_transcript: string | null; retell_transcript_object: unknown }[]
      >('SELECT id, retell_transcript, retell_transcript_object FROM candidates WHERE id = ANY($1) ORDER BY id', [
        [called, uncalled],
      ]);
      expect(rows).toEqual([
        { id: called, retell_transcript: call.transcript, retell_transcript_object: call.transcript_object },
        { id: uncalled, retell_transcript: null, retell_transcript_object: null },
      ]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await copyColumns()).toEqual([]);
  });
});
