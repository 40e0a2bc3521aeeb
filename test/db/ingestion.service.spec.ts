import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CallBelongsToAnotherCandidate } from '../../src/common/errors.js';
import { MANUAL_EVENT, SYNC_EVENT } from '../../src/database/entities/retell-webhook-event.entity.js';
import { Candidate } from '../../src/database/entities/candidate.entity.js';
import { callEnvelope, webhookEnvelope } from '../../src/ingestion/envelope.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';
import { analyzedCall, endedCall, newCallId, startedCall } from '../support/retell-fixtures.js';

/**
 * The applier and the event log on a real database (PGlite, or Postgres with TEST_DATABASE_URL),
 * with the real repositories, no HTTP and no spies: what a delivery leaves in the tables.
 */
describe('IngestionService on a real database', () => {
  let h: IngestionHarness;
  let ingestion: IngestionService;

  beforeAll(async () => {
    h = await startIngestion();
    ingestion = h.module.get(IngestionService);
  });
  afterAll(() => h.close());

  const webhook = (event: string, call: object) =>
    ingestion.ingest(webhookEnvelope(Buffer.from(JSON.stringify({ event, call }))));
  const manualSave = (candidateId: number, call: object, reassign = false) =>
    ingestion.ingest(callEnvelope(MANUAL_EVENT, call, String(candidateId)), { candidateId, reassign });

  /** The candidate as the service reads it (the transcript comes from its current call). */
  async function candidateRow(id: number): Promise<Record<string, unknown>> {
    const row = await h.dataSource.getRepository(Candidate).findOneByOrFail({ id });
    const { status, retell_call_id, retell_call_status, retell_interview_scheduled, retell_call_outcome } = row;
    const { retell_transcript, retell_interview_at } = row;
    return {
      status,
      retell_call_id,
      retell_call_status,
      retell_interview_scheduled,
      retell_call_outcome,
      retell_transcript,
      retell_interview_at,
    };
  }
  const callRows = (callId: string) =>
    h.dataSource.query<{ candidate_id: number; call_status: string; created_at: Date; updated_at: Date }[]>(
      'SELECT candidate_id, call_status, created_at, updated_at FROM retell_calls WHERE call_id = $1',
      [callId],
    );
  const eventRows = (callId: string) =>
    h.dataSource.query<{ outcome: string; candidate_id: number | null; duplicate_of: string | null }[]>(
      'SELECT outcome, candidate_id, duplicate_of FROM retell_webhook_events WHERE call_id = $1 ORDER BY id',
      [callId],
    );

  it('should give the same candidate, call record and events whatever the order of started, ended and analyzed', async () => {
    const inOrder = await h.candidate();
    const reversed = await h.candidate();
    const [a, b] = [newCallId(), newCallId()];
    for (const [event, make] of [
      ['call_started', startedCall],
      ['call_ended', endedCall],
      ['call_analyzed', analyzedCall],
    ] as const) {
      await webhook(event, make({ callId: a, candidateId: inOrder }));
    }
    for (const [event, make] of [
      ['call_analyzed', analyzedCall],
      ['call_started', startedCall],
      ['call_ended', endedCall],
    ] as const) {
      await webhook(event, make({ callId: b, candidateId: reversed }));
    }

    const expected = await candidateRow(inOrder);
    expect(expected).toMatchObject({
      status: 'interviewing',
      retell_call_status: 'ended',
      retell_interview_scheduled: true,
    });
    expect({ ...(await candidateRow(reversed)), retell_call_id: a }).toEqual(expected);
    expect((await eventRows(b)).map((e) => e.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect((await callRows(b))[0].call_status).toBe('ended');
  });

  it('should answer a duplicate with the candidate the original was applied to, and store it as a duplicate row', async () => {
    const candidate = await h.candidate();
    const call = analyzedCall({ callId: newCallId(), candidateId: candidate });

    const first = await webhook('call_analyzed', call);
    const again = await webhook('call_analyzed', call);

    expect(first).toMatchObject({ outcome: 'applied', candidate_id: candidate });
    expect(again).toEqual({ event_id: null, outcome: 'duplicate', candidate_id: candidate });
    const rows = await eventRows(call.call_id);
    expect(rows.map((row) => [row.outcome, row.candidate_id])).toEqual([
      ['applied', candidate],
      ['duplicate', candidate],
    ]);
  });

  it('should never store a call record whose updated_at is earlier than its created_at', async () => {
    const candidate = await h.candidate();
    const callId = newCallId();
    await webhook('call_started', startedCall({ callId, candidateId: candidate }));
    await webhook('call_analyzed', analyzedCall({ callId, candidateId: candidate }));
    await ingestion.ingest(callEnvelope(SYNC_EVENT, analyzedCall({ callId, candidateId: candidate })));

    const [row] = await callRows(callId);
    expect(new Date(row.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(row.created_at).getTime());
  });

  it("should write the analysis and the candidate's do-not-call request together, current call or late", async () => {
    const declined = { interview_scheduled: false, outcome: 'Not Interested', do_not_call_requested: true };
    // The current call: its analysis and the request are one update of the candidate.
    const current = await h.candidate();
    const callId = newCallId();
    await webhook('call_ended', endedCall({ callId, candidateId: current }));
    await webhook('call_analyzed', analyzedCall({ callId, candidateId: current, custom: declined }));
    const row = await h.dataSource.getRepository(Candidate).findOneByOrFail({ id: current });
    expect([row.status, row.retell_call_outcome, row.do_not_call]).toEqual(['rejected', 'Not Interested', true]);

    // An older call's late analysis: its verdict and the request, likewise.
    const late = await h.candidate();
    const newer = newCallId();
    await webhook('call_started', startedCall({ callId: newer, candidateId: late }));
    const startedAt = 1_763_700_000_000 - 86_400_000; // a day before the fixtures' calls
    await webhook(
      'call_analyzed',
      analyzedCall({ callId: newCallId(), candidateId: late, custom: declined, startedAt }),
    );
    const lateRow = await h.dataSource.getRepository(Candidate).findOneByOrFail({ id: late });
    expect([lateRow.status, lateRow.retell_call_id, lateRow.do_not_call]).toEqual(['rejected', newer, true]);
  });

  describe('a call belongs to one candidate', () => {
    it("should refuse a manual save of another candidate's call with 409 and store nothing", async () => {
      const owner = await h.candidate();
      const other = await h.candidate();
      const call = analyzedCall({ callId: newCallId(), candidateId: owner });
      await webhook('call_analyzed', call);
      const before = await candidateRow(other);

      await expect(manualSave(other, call)).rejects.toBeInstanceOf(CallBelongsToAnotherCandidate);

      expect((await callRows(call.call_id)).map((row) => row.candidate_id)).toEqual([owner]);
      expect(await candidateRow(other)).toEqual(before);
      expect((await eventRows(call.call_id)).map((row) => row.outcome)).toEqual(['applied']);
    });

    it('should move the call on an explicit reassignment, and the old owner then mirrors its own latest call', async () => {
      const owner = await h.candidate();
      const other = await h.candidate();
      const older = analyzedCall({ callId: newCallId(), candidateId: owner, startedAt: 1_763_600_000_000 });
      const newer = analyzedCall({ callId: newCallId(), candidateId: owner, startedAt: 1_763_700_000_000 });
      await webhook('call_analyzed', older);
      await webhook('call_analyzed', newer);
      expect(await candidateRow(owner)).toMatchObject({ retell_call_id: newer.call_id });

      await manualSave(other, newer, true);

      expect((await callRows(newer.call_id))[0].candidate_id).toBe(other);
      expect(await candidateRow(other)).toMatchObject({ retell_call_id: newer.call_id, status: 'interviewing' });
      expect(await candidateRow(owner)).toMatchObject({ retell_call_id: older.call_id });
    });

    it('should apply later webhooks of a reassigned call to its new owner, whatever their metadata says', async () => {
      const owner = await h.candidate();
      const other = await h.candidate();
      const callId = newCallId();
      await webhook('call_ended', endedCall({ callId, candidateId: owner }));
      await manualSave(other, endedCall({ callId, candidateId: owner }), true);

      const result = await webhook('call_analyzed', analyzedCall({ callId, candidateId: owner }));

      expect(result).toMatchObject({ outcome: 'applied', candidate_id: other });
      expect(await candidateRow(owner)).toMatchObject({ retell_call_id: null, retell_transcript: null });
      expect(await candidateRow(other)).toMatchObject({ retell_call_id: callId, status: 'interviewing' });
    });

    it('should keep every candidate mirroring one of its own calls, whatever saves and reassignments happen', async () => {
      const people = [await h.candidate(), await h.candidate(), await h.candidate()];
      const calls = Array.from({ length: 4 }, (_, i) => ({ id: newCallId(), startedAt: 1_763_000_000_000 + i * 1000 }));
      const step = fc.record({
        kind: fc.constantFrom('webhook', 'save', 'reassign'),
        call: fc.integer({ min: 0, max: calls.length - 1 }),
        person: fc.integer({ min: 0, max: people.length - 1 }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
          for (const { kind, call, person } of steps) {
            const object = analyzedCall({
              callId: calls[call].id,
              candidateId: people[person],
              startedAt: calls[call].startedAt,
            });
            if (kind === 'webhook') await webhook('call_analyzed', object);
            else
              await manualSave(people[person], object, kind === 'reassign').catch((error: unknown) => {
                if (!(error instanceof CallBelongsToAnotherCandidate)) throw error;
              });
          }
          const strays = await h.dataSource.query<{ id: number }[]>(
            `SELECT c.id FROM candidates c
             WHERE c.id = ANY($1) AND c.retell_call_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM retell_calls r WHERE r.call_id = c.retell_call_id AND r.candidate_id = c.id)`,
            [people],
          );
          expect(strays).toEqual([]);
        }),
        { numRuns: 15 },
      );
    });
  });
});
