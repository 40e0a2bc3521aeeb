import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CandidateStatus } from '../../src/database/entities/candidate-status.js';
import { callRecency, mergeCallObject } from '../../src/rules/call-rules.js';
import {
  interviewChange,
  interviewSignal,
  interviewSignalChanged,
  interviewZone,
  type InterviewSignalInput,
  type ScheduledInterview,
} from '../../src/rules/interview-rules.js';
import { mapRetellCall } from '../../src/ingestion/retell-call.mapper.js';
import type { RetellCallObject } from '../../src/retell/retell-call-object.js';
import { analyzedCall, endedCall, startedCall } from '../support/retell-fixtures.js';

const T0 = 1_763_700_000_000;
const booking = (iso: string) => ({
  interview_scheduled: true,
  scheduled_datetime_iso: iso,
  scheduled_timezone: 'Eastern Time (ET)',
  outcome: 'Interview Scheduled',
});
const NOT_INTERESTED = { interview_scheduled: false, outcome: 'Not Interested' };

const reached = (fields: Partial<InterviewSignalInput>): InterviewSignalInput => ({
  retell_call_status: 'ended',
  retell_disconnection_reason: 'agent_hangup',
  retell_in_voicemail: false,
  retell_interview_scheduled: null,
  retell_call_outcome: null,
  retell_interview_at: null,
  ...fields,
});

describe('interviewSignal', () => {
  it('should book at the instant when the call reached the person and scheduled the interview', () => {
    const at = new Date('2025-10-08T19:00:00Z');
    expect(interviewSignal(reached({ retell_interview_scheduled: true, retell_interview_at: at }))).toEqual({
      kind: 'book',
      startsAt: at,
    });
  });

  it('should say nothing for a vague time, a voicemail, a failed dial or an unfinished call', () => {
    expect(interviewSignal(reached({ retell_interview_scheduled: true }))).toEqual({ kind: 'none' });
    const at = new Date('2025-10-08T19:00:00Z');
    const booked = { retell_interview_scheduled: true, retell_interview_at: at };
    expect(interviewSignal(reached({ ...booked, retell_in_voicemail: true }))).toEqual({ kind: 'none' });
    expect(interviewSignal(reached({ ...booked, retell_disconnection_reason: 'dial_no_answer' }))).toEqual({
      kind: 'none',
    });
    expect(interviewSignal(reached({ ...booked, retell_call_status: 'ongoing' }))).toEqual({ kind: 'none' });
  });

  it('should cancel for Not Interested', () => {
    expect(interviewSignal(reached({ retell_call_outcome: 'Not Interested' }))).toEqual({ kind: 'cancel' });
  });
});

describe('interviewChange', () => {
  const at = new Date('2025-10-08T19:00:00Z');
  const scheduled: ScheduledInterview = { id: 7, starts_at: at };
  it('should create, move, keep or cancel', () => {
    expect(interviewChange({ kind: 'book', startsAt: at }, null, 'interviewing')).toEqual({
      kind: 'create',
      startsAt: at,
    });
    expect(interviewChange({ kind: 'book', startsAt: at }, scheduled, 'interviewing')).toEqual({ kind: 'none' });
    const later = new Date('2025-10-09T19:00:00Z');
    expect(interviewChange({ kind: 'book', startsAt: later }, scheduled, 'interviewing')).toEqual({
      kind: 'move',
      id: 7,
      startsAt: later,
    });
    expect(interviewChange({ kind: 'cancel' }, scheduled, 'rejected')).toEqual({ kind: 'cancel', id: 7 });
    expect(interviewChange({ kind: 'cancel' }, null, 'rejected')).toEqual({ kind: 'none' });
  });

  it('should book nothing for a hired or withdrawn candidate', () => {
    for (const status of ['hired', 'withdrawn'] as CandidateStatus[]) {
      expect(interviewChange({ kind: 'book', startsAt: at }, null, status)).toEqual({ kind: 'none' });
    }
  });
});

describe('interviewZone', () => {
  it('should prefer the agreed region, then the profile, then the default', () => {
    expect(interviewZone('Eastern Time (ET)', 'Europe/London', 'UTC')).toBe('America/New_York');
    expect(interviewZone('UTC-5', 'Europe/London', 'UTC')).toBe('Europe/London');
    expect(interviewZone(null, null, 'America/Chicago')).toBe('America/Chicago');
  });
});

/**
 * A model of the applier with the pure rules only: each call's object is folded, the candidate
 * mirrors its most recent call, and the interview rules act when what that call says changed.
 */
function simulate(deliveries: { callIndex: number; call: RetellCallObject }[], callCount: number) {
  const stored: (RetellCallObject | null)[] = Array.from({ length: callCount }, () => null);
  let current: number | null = null;
  let mirror: InterviewSignalInput | null = null;
  let scheduled: ScheduledInterview | null = null;
  let nextId = 1;
  const emails: string[] = [];
  for (const { callIndex, call } of deliveries) {
    stored[callIndex] = mergeCallObject(stored[callIndex], call);
    const mapped = mapRetellCall(stored[callIndex]).candidate;
    const recency = (index: number) =>
      callRecency({
        start_timestamp: (stored[index]?.start_timestamp as number | undefined) ?? null,
        end_timestamp: (stored[index]?.end_timestamp as number | undefined) ?? null,
        created_at: new Date(0),
      });
    if (current !== null && current !== callIndex && recency(callIndex) < recency(current)) continue;
    const before = current === callIndex ? mirror : null;
    current = callIndex;
    mirror = mapped;
    if (!interviewSignalChanged(before, mapped)) continue;
    const change = interviewChange(interviewSignal(mapped), scheduled, 'interviewing');
    if (change.kind === 'create') {
      scheduled = { id: nextId++, starts_at: change.startsAt };
      emails.push('invitation');
    } else if (change.kind === 'move') {
      scheduled = { ...scheduled!, starts_at: change.startsAt };
      emails.push('update');
    } else if (change.kind === 'cancel') {
      scheduled = null;
      emails.push('cancellation');
    }
  }
  return { scheduled: scheduled?.starts_at.toISOString() ?? null, emails };
}

const asJson = (call: object): RetellCallObject => JSON.parse(JSON.stringify(call)) as RetellCallObject;

function eventsOf(callIndex: number, startedAt: number, custom: object) {
  const options = {
    callId: `call_model_${callIndex}`,
    candidateId: 1,
    startedAt,
    custom: custom as Record<string, unknown>,
  };
  return [startedCall(options), endedCall(options), analyzedCall(options)].map((call) => ({
    callIndex,
    call: asJson(call),
  }));
}

/** Every delivery at least once, some repeated, in any order. */
const shuffledWithRepeats = <T>(items: T[]) =>
  fc
    .tuple(
      fc.array(fc.nat(items.length - 1), { maxLength: items.length * 2 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: items.length * 3,
        maxLength: items.length * 3,
      }),
    )
    .map(([extra, keys]) =>
      [...items.map((_, i) => i), ...extra]
        .map((index, i) => ({ index, key: keys[i] }))
        .sort((a, b) => a.key - b.key)
        .map(({ index }) => items[index]),
    );

describe('interview derivation from call data, by property', () => {
  const scenarios: Record<string, object[]> = {
    'one booking call': [booking('2025-10-08T15:00:00-04:00')],
    'a booking moved by a later call': [booking('2025-10-08T15:00:00-04:00'), booking('2025-10-09T10:00:00-04:00')],
    'a booking then Not Interested': [booking('2025-10-08T15:00:00-04:00'), NOT_INTERESTED],
    'Not Interested then a booking': [NOT_INTERESTED, booking('2025-10-09T10:00:00-04:00')],
  };

  for (const [name, customs] of Object.entries(scenarios)) {
    it(`should schedule what one in-order delivery schedules, in any order and duplication: ${name}`, () => {
      const calls = customs.map((custom, i) => eventsOf(i, T0 + i * 3_600_000, custom));
      const reference = simulate(calls.flat(), calls.length);
      fc.assert(
        fc.property(shuffledWithRepeats(calls.flat()), (deliveries) => {
          const result = simulate(deliveries, calls.length);
          expect(result.scheduled).toBe(reference.scheduled);
          // Never two invitations; never more e-mails than the in-order delivery sends.
          expect(result.emails.filter((e) => e === 'invitation').length).toBeLessThanOrEqual(1);
          expect(result.emails.length).toBeLessThanOrEqual(reference.emails.length);
        }),
        { numRuns: 300 },
      );
    });
  }
});
