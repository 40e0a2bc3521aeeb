import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { candidateIdOf, METADATA_CANDIDATE_SQL } from '../../src/database/metadata-candidate.js';
import { startIngestion, type IngestionHarness } from '../support/ingestion-module.js';

/**
 * Issue 19, item 3: "names candidate N" has one definition, in JavaScript for the applier and in
 * SQL for erasure. Both read the same JSON text here, and must agree on every value.
 */
describe('metadata.candidate_id: the applier and the erasure SQL agree', () => {
  let h: IngestionHarness;
  beforeAll(async () => {
    h = await startIngestion();
  });
  afterAll(async () => {
    await h.close();
  });

  /** What the SQL makes of `text` as the value of call.metadata.candidate_id. */
  const sqlId = async (texts: string[]): Promise<(number | null)[]> => {
    const rows = await h.dataSource.query<{ id: string | null }[]>(
      `SELECT ${METADATA_CANDIDATE_SQL} AS id
       FROM unnest($1::text[]) WITH ORDINALITY AS given(text, n),
            LATERAL (SELECT ('{"call":{"metadata":{"candidate_id":' || given.text || '}}}')::jsonb AS payload) AS event
       ORDER BY n`,
      [texts],
    );
    return rows.map((row) => (row.id === null ? null : Number(row.id)));
  };
  const jsId = (texts: string[]): (number | null)[] => texts.map((text) => candidateIdOf(JSON.parse(text)));

  const TABLE: [string, number | null][] = [
    ['7', 7],
    ['"7"', 7],
    ['" 007 "', 7],
    ['"\\t7\\n"', 7],
    ['2.0', 2],
    ['2.00', 2],
    ['0.2e1', 2],
    ['20e-1', 2],
    ['1E1', 10],
    ['2147483647', 2147483647],
    ['2147483647.0', 2147483647],
    ['2147483648', null],
    ['12345678901', null],
    ['"12345678901"', null],
    ['2.5', null],
    ['"2.0"', null],
    ['"1e1"', null],
    ['"7a"', null],
    ['"\\u00a07"', null],
    ['0', null],
    ['-7', null],
    ['"-7"', null],
    ['""', null],
    ['true', null],
    ['null', null],
    ['[7]', null],
    ['{"id":7}', null],
    ['1e400', null],
    ['1e-400', null],
    ['0.99999999999999999999', 1],
    ['2147483647.00000000001', 2147483647],
  ];

  it('should read each value of the table the same way in both', async () => {
    const texts = TABLE.map(([text]) => text);
    expect(await sqlId(texts)).toEqual(TABLE.map(([, id]) => id));
    expect(jsId(texts.filter((text) => text !== '1e400'))).toEqual(
      TABLE.filter(([text]) => text !== '1e400').map(([, id]) => id),
    );
  });

  it('should agree on generated numbers and strings', async () => {
    const values = fc.oneof(
      fc.integer({ min: -10, max: 3_000_000_000 }).map(String),
      fc.integer({ min: 0, max: 99_999 }).map((n) => `${n}.0${'0'.repeat(n % 4)}${n % 3 === 0 ? '' : '5'}`),
      fc.double({ min: 0, max: 1e10, noNaN: true }).map((n) => JSON.stringify(n)),
      fc
        .string({ unit: fc.constantFrom(' ', '\t', '0', '1', '9', '.', 'e', '-', '\u00a0'), maxLength: 12 })
        .map((s) => JSON.stringify(s)),
    );
    const texts = fc.sample(values, { numRuns: 400, seed: 19 });
    expect(await sqlId(texts)).toEqual(jsId(texts));
  });
});
