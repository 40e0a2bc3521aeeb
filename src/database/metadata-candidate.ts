import { MAX_INTEGER_ID } from '../common/decimal-integer.js';

/**
 * The one definition of "a call's metadata names candidate N" (`metadata.candidate_id`), in
 * JavaScript for the applier and in SQL for erasure, so that an erasure finds every stored event
 * that the applier would have applied to the candidate:
 * - a JSON number whose value is a whole number from 1 to 2147483647, however written (`7`, `7.0`,
 *   `0.7e1`), read as JavaScript reads it (the nearest double);
 * - or a string of 1 to 10 ASCII digits, with ASCII white space (space, \t, \n, \v, \f, \r) around
 *   them, whose value is in the same range (`"7"`, `" 007 "`);
 * - anything else names no candidate (`"7.0"`, `"1e1"`, `-7`, `true`, `[7]`).
 * `test/db/metadata-candidate.spec.ts` checks that both agree over a table of values.
 */

const DIGIT_STRING = /^[ \t\n\v\f\r]*[0-9]{1,10}[ \t\n\v\f\r]*$/;

/**
 * The candidate `value` names (`metadata.candidate_id` as parsed from JSON), or null.
 * @returns a positive 32-bit integer, or null
 */
export function candidateIdOf(value: unknown): number | null {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && DIGIT_STRING.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= 1 && number <= MAX_INTEGER_ID ? number : null;
}

/**
 * The same definition over the jsonb column `payload` of a stored event (`{ event, call }`), as a
 * bigint or NULL: the SQL function `retell_metadata_candidate_id`, which the migration
 * MetadataCandidateNumbers1796630400002 defines and indexes (`IDX_retell_webhook_events_metadata_candidate`).
 */
export const METADATA_CANDIDATE_SQL = 'retell_metadata_candidate_id(payload)';
