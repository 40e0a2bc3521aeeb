import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource, QueryRunner, ReplicationMode } from 'typeorm';
import { webhookEnvelope } from '../../src/ingestion/envelope.js';
import { IngestionService, type IngestResult } from '../../src/ingestion/ingestion.service.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';
import { analyzedCall, newCallId } from '../support/retell-fixtures.js';

/**
 * Issue 10: a late event of an older call used to read and map every other call of its candidate
 * under the candidate's lock (one more statement, and work growing with the candidate's history).
 * Here every statement the ingestion sends is counted through the DataSource's query runners
 * (the harness has no other traffic), for ordinary events and for late events of candidates that
 * hold 200 calls: the count must be the same, and a late event's question "did a newer call
 * decide?" must be part of the one batched write.
 */
const HISTORY = 200;
const HOUR = 3_600_000;
const T0 = 1_763_700_000_000;

const INTERVIEW = { interview_scheduled: true, outcome: 'Interview Scheduled' };
const NOT_INTERESTED = { interview_scheduled: false, outcome: 'Not Interested' };
const CALL_BACK = { interview_scheduled: false, outcome: 'Callback Requested' };

/**
 * Wraps the database connection of every query runner the DataSource hands out, so that each
 * statement sent to the database can be recorded, prepared ones included.
 */
function statementSpy(dataSource: DataSource): {
  record(work: () => Promise<unknown>): Promise<string[]>;
  restore(): void;
} {
  const create = dataSource.createQueryRunner.bind(dataSource);
  let seen: string[] | null = null;
  const wrapped = new WeakSet<object>();
  dataSource.createQueryRunner = (mode?: ReplicationMode): QueryRunner => {
    const runner = create(mode);
    const connect = runner.connect.bind(runner) as () => Promise<{ query: (...args: unknown[]) => unknown }>;
    runner.connect = async () => {
      const connection = await connect();
      if (!wrapped.has(connection)) {
        wrapped.add(connection);
        const query = connection.query.bind(connection);
        connection.query = (...args: unknown[]) => {
          const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
          seen?.push(sql.replace(/\s+/g, ' ').trim());
          return query(...args);
        };
      }
      return connection;
    };
    return runner;
  };
  return {
    async record(work) {
      seen = [];
      try {
        await work();
        return seen;
      } finally {
        seen = null;
      }
    },
    restore() {
      dataSource.createQueryRunner = create;
    },
  };
}

describe('late events of older calls on a real database', () => {
  let h: IngestionHarness;
  let ingestion: IngestionService;
  let spy: ReturnType<typeof statementSpy>;

  beforeAll(async () => {
    h = await startIngestion();
    ingestion = h.module.get(IngestionService);
  });
  afterEach(() => spy?.restore());
  afterAll(() => h.close());

  const webhook = (call: object): Promise<IngestResult> =>
    ingestion.ingest(webhookEnvelope(Buffer.from(JSON.stringify({ event: 'call_analyzed', call }))));

  /** A candidate whose `count` analysed calls started hourly from T0, with `custom(i)` as each one's analysis. */
  async function candidateWithCalls(count: number, custom: (i: number) => Record<string, unknown>): Promise<number> {
    const id = await h.candidate();
    for (let i = 0; i < count; i++) {
      const result = await webhook(
        analyzedCall({ callId: newCallId(), candidateId: id, startedAt: T0 + i * HOUR, custom: custom(i) }),
      );
      expect(result.outcome).toBe('applied');
    }
    return id;
  }

  const status = async (id: number): Promise<string> =>
    (await h.dataSource.query<{ status: string }[]>('SELECT status FROM candidates WHERE id = $1', [id]))[0].status;

  /** Delivers `call` and returns the statements it took. */
  async function statementsOf(call: object): Promise<string[]> {
    spy = statementSpy(h.dataSource);
    const statements = await spy.record(async () => expect((await webhook(call)).outcome).toBe('applied'));
    spy.restore();
    return statements;
  }

  it(`should take the same statements for a late event of a candidate with ${HISTORY} calls as for any other event`, async () => {
    // An ordinary event: the newest call of a candidate with one earlier call.
    const small = await candidateWithCalls(1, () => CALL_BACK);
    const ordinary = await statementsOf(
      analyzedCall({ callId: newCallId(), candidateId: small, startedAt: T0 + HOUR, custom: INTERVIEW }),
    );
    expect(await status(small)).toBe('interviewing');

    // Newer calls decided (interviews and refusals alternate; the newest is an interview): a late
    // refusal of an older call changes nothing.
    const decided = await candidateWithCalls(HISTORY, (i) => (i % 2 === 1 ? INTERVIEW : NOT_INTERESTED));
    expect(await status(decided)).toBe('interviewing');
    const lateUnderDecided = await statementsOf(
      analyzedCall({ callId: newCallId(), candidateId: decided, startedAt: T0 - HOUR, custom: NOT_INTERESTED }),
    );
    expect(await status(decided)).toBe('interviewing');

    // No newer call decided (every one asked for a call back): the late interview decides, as it
    // would have in order.
    const undecided = await candidateWithCalls(HISTORY, () => CALL_BACK);
    expect(await status(undecided)).toBe('contacted');
    const lateUnderUndecided = await statementsOf(
      analyzedCall({ callId: newCallId(), candidateId: undecided, startedAt: T0 - HOUR, custom: INTERVIEW }),
    );
    expect(await status(undecided)).toBe('interviewing');

    // The newest call of the candidate with a long history: the usual path, unchanged.
    const newest = await statementsOf(
      analyzedCall({
        callId: newCallId(),
        candidateId: decided,
        startedAt: T0 + HISTORY * HOUR,
        custom: NOT_INTERESTED,
      }),
    );
    expect(await status(decided)).toBe('rejected');

    // Interview statements aside: the newest call here cancels the scheduled interview (one read of
    // the candidate's interview, whatever its number of calls), which the other events do not.
    const withoutInterviews = (statements: string[]) =>
      statements.filter((sql) => !/"interviews"|\binterviews\b|\bnotifications\b/.test(sql));
    // BEGIN, lock the candidate, lock the call (and check duplicate and erasure), one write that
    // also stores the event, COMMIT.
    expect(withoutInterviews(ordinary)).toHaveLength(5);
    for (const statements of [lateUnderDecided, lateUnderUndecided, newest]) {
      expect(withoutInterviews(statements)).toHaveLength(withoutInterviews(ordinary).length);
    }
    expect(lateUnderDecided).toHaveLength(ordinary.length);
    // The question is asked inside the batched write, not by a statement of its own.
    for (const late of [lateUnderDecided, lateUnderUndecided]) {
      const asking = late.filter((sql) => sql.includes('EXISTS (SELECT 1 FROM retell_calls'));
      expect(asking).toHaveLength(1);
      expect(asking[0]).toMatch(/^WITH /);
    }
    // Nothing reads the candidate's other calls.
    for (const statements of [ordinary, lateUnderDecided, lateUnderUndecided, newest]) {
      expect(statements.filter((sql) => sql.startsWith('SELECT') && sql.includes('FROM retell_calls'))).toEqual([]);
    }
  });

  it('should count a late refusal when no newer call decided, and not let a still older interview undo it', async () => {
    // A candidate reached once (contacted), then a late refusal from an older call: rejected, as
    // in order (the older refusal, then a call back that does not move the status).
    const id = await candidateWithCalls(3, () => CALL_BACK);
    await webhook(analyzedCall({ callId: newCallId(), candidateId: id, startedAt: T0 - HOUR, custom: NOT_INTERESTED }));
    expect(await status(id)).toBe('rejected');
    // A still older interview does not undo the newer refusal.
    await webhook(analyzedCall({ callId: newCallId(), candidateId: id, startedAt: T0 - 2 * HOUR, custom: INTERVIEW }));
    expect(await status(id)).toBe('rejected');
  });
});
