import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MANUAL_EVENT, SYNC_EVENT } from '../../src/database/entities/retell-webhook-event.entity.js';
import { callEnvelope, webhookEnvelope } from '../../src/ingestion/envelope.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';
import { analyzedCall, endedCall, newCallId, startedCall } from '../support/retell-fixtures.js';

const T0 = Date.parse('2025-10-01T14:00:00Z'); // before the October interviews these calls book
const booking = (iso: string) => ({
  interview_scheduled: true,
  scheduled_datetime_iso: iso,
  scheduled_timezone: 'Eastern Time (ET)',
  outcome: 'Interview Scheduled',
});
const notInterested = { interview_scheduled: false, outcome: 'Not Interested' };

type Event = readonly ['call_started' | 'call_ended' | 'call_analyzed', object];

/** The three events of one call. */
function callEvents(callId: string, candidateId: number, startedAt: number, custom: object): Event[] {
  const options = { callId, candidateId, startedAt, custom: custom as Record<string, unknown> };
  return [
    ['call_started', startedCall(options)],
    ['call_ended', endedCall(options)],
    ['call_analyzed', analyzedCall(options)],
  ];
}

/** Every event at least once, some twice, in any order. */
const deliveries = (count: number) =>
  fc
    .tuple(
      fc.array(fc.nat(count - 1), { maxLength: count }),
      fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    )
    .map(([extra, keys]) => {
      const order = [...Array.from({ length: count }, (_, i) => i), ...extra];
      const weights = order.map(() => keys.next().value as number);
      return order
        .map((index, i) => ({ index, weight: weights[i] }))
        .sort((a, b) => a.weight - b.weight)
        .map((x) => x.index);
    });

/**
 * Interviews derived from call data by the real applier on a real database: whatever the order and
 * duplication of started/ended/analyzed, manual saves, syncs and replays, the interviews are those
 * of one in-order delivery, and each booking writes exactly one invitation in the same transaction.
 */
describe('Interviews from call data', () => {
  let h: IngestionHarness;
  let ingestion: IngestionService;

  beforeAll(async () => {
    h = await startIngestion();
    ingestion = h.module.get(IngestionService);
  });
  afterAll(() => h.close());

  const webhook = (event: string, call: object) =>
    ingestion.ingest(webhookEnvelope(Buffer.from(JSON.stringify({ event, call }))));

  const interviews = (candidateId: number) =>
    h.dataSource.query<
      { id: number; starts_at: Date; status: string; sequence: number; call_id: string; timezone: string }[]
    >('SELECT id, starts_at, status, sequence, call_id, timezone FROM interviews WHERE candidate_id = $1 ORDER BY id', [
      candidateId,
    ]);
  const scheduled = async (candidateId: number) =>
    (await interviews(candidateId))
      .filter((row) => row.status === 'scheduled')
      .map((row) => ({ starts_at: new Date(row.starts_at).toISOString(), timezone: row.timezone }));
  const notifications = (candidateId: number) =>
    h.dataSource.query<{ kind: string; status: string; interview_id: number; content: { sequence: number } }[]>(
      'SELECT kind, status, interview_id, content FROM notifications WHERE candidate_id = $1 ORDER BY id',
      [candidateId],
    );

  it('should book one interview at the agreed instant, with one invitation, from a call_analyzed', async () => {
    const id = await h.candidate();
    const callId = newCallId();
    const [, , analyzed] = callEvents(callId, id, T0, booking('2025-10-08T15:00:00-04:00'));
    await webhook(...analyzed);
    const rows = await interviews(id);
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0].starts_at).toISOString()).toBe('2025-10-08T19:00:00.000Z');
    expect(rows[0]).toMatchObject({ status: 'scheduled', sequence: 0, call_id: callId, timezone: 'America/New_York' });
    // E-mail is off in this harness (no SMTP_URL): the notification is stored as skipped.
    expect(await notifications(id)).toEqual([
      expect.objectContaining({ kind: 'interview_invitation', status: 'skipped', interview_id: rows[0].id }),
    ]);
  });

  it('should give one interview and one invitation whatever the order and duplication of one call’s events', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries(3), async (order) => {
        const id = await h.candidate();
        const events = callEvents(newCallId(), id, T0, booking('2025-10-08T15:00:00-04:00'));
        for (const index of order) await webhook(...events[index]);
        expect(await scheduled(id)).toEqual([{ starts_at: '2025-10-08T19:00:00.000Z', timezone: 'America/New_York' }]);
        const sent = await notifications(id);
        expect(sent.map((n) => n.kind)).toEqual(['interview_invitation']);
      }),
      { numRuns: 12 },
    );
  });

  it('should end with the newest call’s booking, and one invitation, whatever the order of two calls’ events', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries(6), async (order) => {
        const id = await h.candidate();
        const events = [
          ...callEvents(newCallId(), id, T0, booking('2025-10-08T15:00:00-04:00')),
          ...callEvents(newCallId(), id, T0 + 3_600_000, booking('2025-10-09T10:00:00-04:00')),
        ];
        for (const index of order) await webhook(...events[index]);
        expect(await scheduled(id)).toEqual([{ starts_at: '2025-10-09T14:00:00.000Z', timezone: 'America/New_York' }]);
        const sent = await notifications(id);
        expect(sent.filter((n) => n.kind === 'interview_invitation')).toHaveLength(1);
        // One e-mail per change: never two for the same sequence.
        expect(new Set(sent.map((n) => n.content.sequence)).size).toBe(sent.length);
      }),
      { numRuns: 12 },
    );
  });

  it('should leave no scheduled interview when the newest call is Not Interested, whatever the order', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries(6), async (order) => {
        const id = await h.candidate();
        const events = [
          ...callEvents(newCallId(), id, T0, booking('2025-10-08T15:00:00-04:00')),
          ...callEvents(newCallId(), id, T0 + 3_600_000, notInterested),
        ];
        for (const index of order) await webhook(...events[index]);
        expect(await scheduled(id)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  it('should move the interview (sequence + 1, an update e-mail) when a later call agrees another time, and do nothing for the same time', async () => {
    const id = await h.candidate();
    await webhook(...callEvents(newCallId(), id, T0, booking('2025-10-08T15:00:00-04:00'))[2]);
    await webhook(...callEvents(newCallId(), id, T0 + 1000, booking('2025-10-08T15:00:00-04:00'))[2]);
    expect((await interviews(id)).map((row) => row.sequence)).toEqual([0]);
    await webhook(...callEvents(newCallId(), id, T0 + 2000, booking('2025-10-10T09:30:00-04:00'))[2]);
    const [row] = await interviews(id);
    expect(row).toMatchObject({ status: 'scheduled', sequence: 1 });
    expect(new Date(row.starts_at).toISOString()).toBe('2025-10-10T13:30:00.000Z');
    expect((await notifications(id)).map((n) => [n.kind, n.content.sequence])).toEqual([
      ['interview_invitation', 0],
      ['interview_update', 1],
    ]);
  });

  it('should cancel the interview (with a cancellation e-mail) when a later call is Not Interested', async () => {
    const id = await h.candidate();
    await webhook(...callEvents(newCallId(), id, T0, booking('2025-10-08T15:00:00-04:00'))[2]);
    await webhook(...callEvents(newCallId(), id, T0 + 1000, notInterested)[2]);
    expect((await interviews(id)).map((row) => [row.status, row.sequence])).toEqual([['cancelled', 1]]);
    expect((await notifications(id)).map((n) => n.kind)).toEqual(['interview_invitation', 'interview_cancellation']);
  });

  it('should book nothing for a vague time, a voicemail or a failed dial', async () => {
    const id = await h.candidate();
    await webhook(
      ...callEvents(newCallId(), id, T0, {
        interview_scheduled: true,
        scheduled_date: 'next Tuesday',
        outcome: 'Interview Scheduled',
      })[2],
    );
    const voicemail = analyzedCall({
      callId: newCallId(),
      candidateId: id,
      startedAt: T0 + 1000,
      in_voicemail: true,
      custom: booking('2025-10-08T15:00:00-04:00'),
    });
    await webhook('call_analyzed', voicemail);
    const noAnswer = analyzedCall({
      callId: newCallId(),
      candidateId: id,
      startedAt: T0 + 2000,
      disconnection_reason: 'dial_no_answer',
      custom: booking('2025-10-08T15:00:00-04:00'),
    });
    await webhook('call_analyzed', noAnswer);
    expect(await interviews(id)).toEqual([]);
    expect(await notifications(id)).toEqual([]);
  });

  it('should have the same effect through a manual save, a sync and a replay as through the webhook', async () => {
    const id = await h.candidate();
    const callId = newCallId();
    const [, , [, analyzed]] = callEvents(callId, id, T0, booking('2025-10-08T15:00:00-04:00'));
    await ingestion.ingest(callEnvelope(MANUAL_EVENT, analyzed, String(id)), { candidateId: id });
    await ingestion.ingest(callEnvelope(SYNC_EVENT, analyzed));
    await webhook('call_analyzed', analyzed);
    const [event] = await h.dataSource.query<{ id: number }[]>(
      `SELECT id FROM retell_webhook_events WHERE call_id = $1 AND outcome = 'applied' ORDER BY id LIMIT 1`,
      [callId],
    );
    await ingestion.replay(event.id);
    expect(await scheduled(id)).toEqual([{ starts_at: '2025-10-08T19:00:00.000Z', timezone: 'America/New_York' }]);
    expect((await notifications(id)).map((n) => n.kind)).toEqual(['interview_invitation']);
  });

  it('should not undo a recruiter’s move when the booking call’s event is redelivered or replayed', async () => {
    const id = await h.candidate();
    const callId = newCallId();
    const events = callEvents(callId, id, T0, booking('2025-10-08T15:00:00-04:00'));
    await webhook(...events[2]);
    await h.dataSource.query(
      `UPDATE interviews SET starts_at = '2025-10-20T15:00:00Z', sequence = sequence + 1 WHERE candidate_id = $1`,
      [id],
    );
    await webhook(...events[1]); // late call_ended
    await webhook(...events[0]); // late call_started
    const [event] = await h.dataSource.query<{ id: number }[]>(
      `SELECT id FROM retell_webhook_events WHERE call_id = $1 AND event = 'call_analyzed'`,
      [callId],
    );
    await ingestion.replay(event.id);
    expect(await scheduled(id)).toEqual([{ starts_at: '2025-10-20T15:00:00.000Z', timezone: 'America/New_York' }]);
  });
});
