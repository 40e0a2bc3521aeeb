import type { CandidateStatus } from '../../src/database/entities/candidate-status.js';
import { callVerdict, mergeCallObject, nextCandidateStatus } from '../../src/rules/call-rules.js';
import { mapRetellCall, type CandidateCallFields } from '../../src/ingestion/retell-call.mapper.js';
import type { RetellCallObject } from '../../src/retell/retell-call-object.js';

/** One call's events in the order Retell produced them. */
export interface CallEvents {
  callId: string;
  events: { event: string; call: object }[];
}

/**
 * What the candidate looks like after in-order, single delivery of `calls` (oldest call first),
 * computed with the pure mapper and rules: the reference the out-of-order runs must reach.
 */
export function inOrderResult(calls: CallEvents[]): { status: CandidateStatus; fields: CandidateCallFields | null } {
  let status: CandidateStatus = 'new';
  let fields: CandidateCallFields | null = null;
  for (const { events } of calls) {
    let merged: RetellCallObject | null = null;
    let before = null as ReturnType<typeof callVerdict>;
    for (const { call } of events) {
      merged = mergeCallObject(merged, call as RetellCallObject);
      fields = mapRetellCall(merged).candidate;
      const after = callVerdict(fields);
      status = nextCandidateStatus(status, before, after);
      before = after;
    }
  }
  return { status, fields };
}

/** A JSON round trip, so that expectations compare like API answers (dates as strings). */
export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
