import { describe, expect, it } from '@jest/globals';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import {
  callRecency,
  callStage,
  callVerdict,
  laterCallStatus,
  mergeCallObject,
  nextCandidateStatus,
  type CallVerdict,
  type VerdictInput,
} from '../../src/rules/call-rules.js';
import type { RetellCallObject } from '../../src/retell/retell-call-object.js';
import { mapRetellCall } from '../../src/ingestion/retell-call.mapper.js';
import type { CandidateStatus } from '../../src/database/entities/candidate-status.js';
import { analyzedCall, endedCall, startedCall } from '../support/retell-fixtures.js';

/** A call object as it arrives in a webhook body: plain JSON. */
const asWebhookCall = (call: PhoneCallResponse | Record<string, unknown>): RetellCallObject =>
  JSON.parse(JSON.stringify(call)) as RetellCallObject;

const OPTIONS = { callId: 'call_rules_test_1', candidateId: 199 };
const started = (): RetellCallObject => asWebhookCall(startedCall(OPTIONS));
const ended = (): RetellCallObject => asWebhookCall(endedCall(OPTIONS));
const analyzed = (): RetellCallObject => asWebhookCall(analyzedCall(OPTIONS));

/** Applies events in arrival order, as the service does with its stored call object. */
const fold = (events: RetellCallObject[]): RetellCallObject | null =>
  events.reduce<RetellCallObject | null>((stored, incoming) => mergeCallObject(stored, incoming), null);

const T0 = 1_763_700_000_000; // the fixtures' start_timestamp

describe('mergeCallObject', () => {
  it('should copy the incoming object when nothing is stored', () => {
    expect(mergeCallObject(null, started())).toEqual(started());
  });

  it('should keep the analysis when call_ended arrives after call_analyzed', () => {
    const merged = mergeCallObject(analyzed(), ended());

    expect(merged.call_analysis).toEqual(analyzed().call_analysis);
    expect(merged.call_status).toBe('ended');
    expect(merged).toEqual(analyzed());
  });

  it('should not move call_status back to ongoing when call_started arrives after call_ended', () => {
    const merged = mergeCallObject(ended(), started());

    expect(merged.call_status).toBe('ended');
    expect(merged.end_timestamp).toBe(T0 + 312_000);
    expect(merged.transcript).toBe(
      'Agent: Hi John, this is Emma from TechCorp.\nUser: Hi Emma, yes I have a few minutes.',
    );
    expect(merged.transcript_object).toEqual(ended().transcript_object);
    expect(merged).toEqual(ended());
  });

  it('should not move call_status back when a late call_started carries a different start_timestamp', () => {
    const late = { ...started(), start_timestamp: T0 + 5 };

    const merged = mergeCallObject(analyzed(), late);

    expect(merged.call_status).toBe('ended');
    expect(merged.start_timestamp).toBe(T0);
    expect(merged.call_analysis).toEqual(analyzed().call_analysis);
  });

  it.each<[string, string]>([
    ['ongoing', 'ongoing'],
    ['registered', 'registered'],
    ['an unknown status', 'bogus'],
  ])('should not move call_status back to %s even from an object that carries call_analysis', (_name, status) => {
    const incoming = { ...analyzed(), call_status: status };

    const merged = mergeCallObject(ended(), incoming);

    expect(merged.call_status).toBe('ended');
    expect(merged.call_analysis).toEqual(analyzed().call_analysis);
  });

  it.each<[string, Record<string, unknown>]>([
    ['absent', {}],
    ['null', { transcript: null, end_timestamp: null, metadata: null, recording_url: null, transcript_object: null }],
  ])('should never erase a stored value with a field that is %s in an object of the same stage', (_name, patch) => {
    const incoming = {
      call_id: OPTIONS.callId,
      call_status: 'ended',
      call_analysis: { call_summary: null, custom_analysis_data: {} },
      ...patch,
    } satisfies Record<string, unknown>;
    expect(callStage(incoming)).toBe(callStage(analyzed()));

    const merged = mergeCallObject(analyzed(), incoming);

    expect(merged).toEqual(analyzed());
  });

  it('should never erase a stored nested custom analysis field with a null one', () => {
    const incoming = analyzed();
    const analysis = incoming.call_analysis as Record<string, unknown>;
    analysis.custom_analysis_data = { outcome: null, years_of_experience: null };

    const merged = mergeCallObject(analyzed(), incoming);

    expect(merged.call_analysis).toEqual(analyzed().call_analysis);
  });

  it('should merge call_analysis.custom_analysis_data field by field', () => {
    const stored = {
      call_id: 'c',
      call_status: 'ended',
      call_analysis: {
        call_summary: 'First pass',
        custom_analysis_data: { interview_scheduled: true, scheduled_date: '2025-10-08', years_of_experience: 5 },
      },
    } satisfies RetellCallObject;
    const incoming = {
      call_id: 'c',
      call_status: 'ended',
      call_analysis: {
        user_sentiment: 'Positive',
        custom_analysis_data: { scheduled_date: '2025-10-09', salary_expectation: 120000 },
      },
    } satisfies RetellCallObject;

    const merged = mergeCallObject(stored, incoming);

    expect(merged).toEqual({
      call_id: 'c',
      call_status: 'ended',
      call_analysis: {
        call_summary: 'First pass',
        user_sentiment: 'Positive',
        custom_analysis_data: {
          interview_scheduled: true,
          scheduled_date: '2025-10-09',
          years_of_experience: 5,
          salary_expectation: 120000,
        },
      },
    });
  });

  it('should replace arrays whole instead of merging them', () => {
    const stored = {
      call_id: 'c',
      call_status: 'ended',
      transcript_object: [
        { role: 'agent', content: 'Hello' },
        { role: 'user', content: 'Hi' },
      ],
      call_analysis: { custom_analysis_data: { technical_skills_mentioned: ['Python', 'Django', 'AWS'] } },
    } satisfies RetellCallObject;
    const incoming = {
      call_id: 'c',
      call_status: 'ended',
      transcript_object: [{ role: 'agent', content: 'Bonjour' }],
      call_analysis: { custom_analysis_data: { technical_skills_mentioned: ['Go'] } },
    } satisfies RetellCallObject;

    const merged = mergeCallObject(stored, incoming);

    expect(merged.transcript_object).toEqual([{ role: 'agent', content: 'Bonjour' }]);
    expect(merged.call_analysis).toEqual({ custom_analysis_data: { technical_skills_mentioned: ['Go'] } });
  });

  it('should let an earlier-stage object fill only the gaps of the stored one', () => {
    const stored = { call_id: 'c', call_status: 'ended', transcript: 'stored transcript' } satisfies RetellCallObject;
    const incoming = {
      call_id: 'c',
      call_status: 'ongoing',
      transcript: 'partial',
      agent_id: 'agent_1',
    } satisfies RetellCallObject;

    expect(mergeCallObject(stored, incoming)).toEqual({
      call_id: 'c',
      call_status: 'ended',
      transcript: 'stored transcript',
      agent_id: 'agent_1',
    });
  });

  describe('a JSON "__proto__" key', () => {
    const POLLUTED_METADATA = '{"call_id":"c","metadata":{"__proto__":{"polluted":true}}}';
    const POLLUTED_TOP_LEVEL = '{"call_id":"c","call_status":"ended","__proto__":{"polluted":true}}';

    const expectNoPollution = (merged: RetellCallObject): void => {
      expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      expect((merged as Record<string, unknown>).polluted).toBeUndefined();
    };

    it.each<[string, RetellCallObject | null]>([
      ['nothing is stored', null],
      ['stored metadata exists', { call_id: 'c', call_status: 'ongoing', metadata: { candidate_id: '199' } }],
    ])('should keep "__proto__" in metadata as data when %s', (_name, stored) => {
      const incoming = JSON.parse(POLLUTED_METADATA) as RetellCallObject;

      const merged = mergeCallObject(stored, incoming);
      const metadata = merged.metadata as Record<string, unknown>;

      expectNoPollution(merged);
      expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
      expect(metadata.polluted).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toEqual({ polluted: true });
      expect(Object.keys(metadata).sort()).toEqual(stored ? ['__proto__', 'candidate_id'] : ['__proto__']);
    });

    it('should keep a top-level "__proto__" key as data', () => {
      const incoming = JSON.parse(POLLUTED_TOP_LEVEL) as RetellCallObject;

      const merged = mergeCallObject({ call_id: 'c', call_status: 'ongoing' }, incoming);

      expectNoPollution(merged);
      expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ polluted: true });
      expect(merged.call_status).toBe('ended');
    });

    it('should keep "__proto__" as data when it is folded again into itself', () => {
      const first = mergeCallObject(null, JSON.parse(POLLUTED_METADATA) as RetellCallObject);

      const merged = mergeCallObject(first, JSON.parse(POLLUTED_METADATA) as RetellCallObject);
      const metadata = merged.metadata as Record<string, unknown>;

      expectNoPollution(merged);
      expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toEqual({ polluted: true });
    });
  });

  describe('order independence', () => {
    const inOrder = fold([started(), ended(), analyzed()]);

    it('should give the full analyzed call when events arrive in order', () => {
      expect(inOrder).toEqual(analyzed());
    });

    it.each<[string, (() => RetellCallObject)[]]>([
      ['started, ended, analyzed', [started, ended, analyzed]],
      ['started, analyzed, ended', [started, analyzed, ended]],
      ['ended, started, analyzed', [ended, started, analyzed]],
      ['ended, analyzed, started', [ended, analyzed, started]],
      ['analyzed, started, ended', [analyzed, started, ended]],
      ['analyzed, ended, started', [analyzed, ended, started]],
    ])('should give the in-order result for %s', (_name, events) => {
      const merged = fold(events.map((event) => event()));

      expect(merged).toEqual(inOrder);
      expect(merged?.call_status).toBe('ended');
    });

    it.each<[string, (() => RetellCallObject)[]]>([
      ['ended, analyzed', [ended, analyzed]],
      ['analyzed, ended', [analyzed, ended]],
    ])('should give the analyzed call for a failed dial without call_started (%s)', (_name, events) => {
      expect(fold(events.map((event) => event()))).toEqual(analyzed());
    });

    it('should change nothing when every event is replayed', () => {
      const replayed = fold([started(), ended(), analyzed(), started(), ended(), analyzed(), started()]);

      expect(replayed).toEqual(inOrder);
    });
  });
});

describe('laterCallStatus', () => {
  it.each<[unknown, unknown, unknown]>([
    [undefined, 'registered', 'registered'],
    ['registered', 'ongoing', 'ongoing'],
    ['ongoing', 'registered', 'ongoing'],
    ['ongoing', 'ended', 'ended'],
    ['ended', 'ongoing', 'ended'],
    ['ended', 'registered', 'ended'],
    ['registered', 'ended', 'ended'],
    ['ongoing', 'error', 'error'],
    ['ongoing', 'not_connected', 'not_connected'],
    ['error', 'ongoing', 'error'],
    ['ended', 'ended', 'ended'],
    ['ended', undefined, 'ended'],
    ['ended', 'bogus', 'ended'],
  ])('should pick the later of stored %p and incoming %p: %p', (stored, incoming, expected) => {
    expect(laterCallStatus(stored, incoming)).toBe(expected);
  });
});

describe('callStage', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['registered', { call_status: 'registered' }, 0],
    ['an unknown status', { call_status: 'bogus' }, 0],
    ['ongoing', { call_status: 'ongoing' }, 1],
    ['ended', { call_status: 'ended' }, 2],
    ['error', { call_status: 'error' }, 2],
    ['not_connected', { call_status: 'not_connected' }, 2],
    ['a call with call_analysis', { call_status: 'ended', call_analysis: { call_summary: 'x' } }, 3],
    ['a call_analysis that is not an object', { call_status: 'ended', call_analysis: 'x' }, 2],
  ])('should rank %s as stage %p', (_name, call, expected) => {
    expect(callStage(call)).toBe(expected);
  });
});

describe('callVerdict', () => {
  const REACHED = {
    retell_call_status: 'ended',
    retell_disconnection_reason: 'user_hangup',
    retell_in_voicemail: false,
    retell_interview_scheduled: null,
    retell_call_outcome: null,
  } satisfies VerdictInput;

  const NOT_REACHED: [string, Partial<VerdictInput>][] = [
    ['in_voicemail', { retell_in_voicemail: true }],
    ['outcome "Voicemail Left"', { retell_call_outcome: 'Voicemail Left' }],
    ['dial_no_answer', { retell_disconnection_reason: 'dial_no_answer' }],
    ['dial_busy', { retell_disconnection_reason: 'dial_busy' }],
    ['dial_failed', { retell_disconnection_reason: 'dial_failed' }],
    ['voicemail_reached', { retell_disconnection_reason: 'voicemail_reached' }],
    ['invalid_destination', { retell_disconnection_reason: 'invalid_destination' }],
    ['call_status error', { retell_call_status: 'error' }],
    ['call_status not_connected', { retell_call_status: 'not_connected' }],
    ['call_status ongoing', { retell_call_status: 'ongoing' }],
    ['call_status registered', { retell_call_status: 'registered' }],
    ['call_status null', { retell_call_status: null }],
  ];

  const DECISIONS: [string, Partial<VerdictInput>][] = [
    ['interview_scheduled', { retell_interview_scheduled: true }],
    ['outcome "Not Interested"', { retell_call_outcome: 'Not Interested' }],
    ['no decision', {}],
  ];

  it.each(
    NOT_REACHED.flatMap(([reason, notReached]) =>
      DECISIONS.map(([decision, fields]) => [reason, decision, { ...REACHED, ...fields, ...notReached }] as const),
    ),
  )('should say nothing for a call not reached (%s) even with %s', (_reason, _decision, input) => {
    expect(callVerdict(input)).toBeNull();
  });

  it.each<[string, Partial<VerdictInput>, CallVerdict]>([
    [
      'interview_scheduled true → interviewing',
      { retell_interview_scheduled: true, retell_call_outcome: 'Interview Scheduled' },
      'interviewing',
    ],
    [
      'outcome "Not Interested" → rejected',
      { retell_interview_scheduled: false, retell_call_outcome: 'Not Interested' },
      'rejected',
    ],
    [
      'interview_scheduled true wins over "Not Interested"',
      { retell_interview_scheduled: true, retell_call_outcome: 'Not Interested' },
      'interviewing',
    ],
    ['no decision → contacted', {}, 'contacted'],
    ['"Callback Requested" → contacted', { retell_call_outcome: 'Callback Requested' }, 'contacted'],
    ['interview_scheduled false → contacted', { retell_interview_scheduled: false }, 'contacted'],
    ['no disconnection reason (a manual save) → contacted', { retell_disconnection_reason: null }, 'contacted'],
    [
      'in_voicemail null counts as reached',
      { retell_in_voicemail: null, retell_interview_scheduled: true },
      'interviewing',
    ],
  ])('should give the verdict for a reached call: %s', (_name, fields, expected) => {
    expect(callVerdict({ ...REACHED, ...fields })).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, CallVerdict]>([
    ['seed 002 custom data → interviewing', {}, 'interviewing'],
    [
      'outcome "not interested" (lower case) → rejected',
      { interview_scheduled: false, outcome: 'not interested' },
      'rejected',
    ],
    [
      'outcome "voicemail left" (lower case) → no verdict',
      { interview_scheduled: false, outcome: 'voicemail left' },
      null,
    ],
  ])('should give the verdict of a mapped analyzed call: %s', (_name, custom, expected) => {
    const call = Object.keys(custom).length > 0 ? analyzedCall({ ...OPTIONS, custom }) : analyzedCall(OPTIONS);

    expect(callVerdict(mapRetellCall(asWebhookCall(call)).candidate)).toBe(expected);
  });

  it('should say nothing for a mapped failed dial whose analysis says "Not Interested"', () => {
    const call = analyzedCall({
      ...OPTIONS,
      disconnection_reason: 'dial_no_answer',
      custom: { outcome: 'Not Interested' },
    });

    expect(callVerdict(mapRetellCall(asWebhookCall(call)).candidate)).toBeNull();
  });
});

describe('nextCandidateStatus', () => {
  it.each<[string, CandidateStatus, CallVerdict, CallVerdict, CandidateStatus]>([
    ['should move new to contacted on a first contact', 'new', null, 'contacted', 'contacted'],
    ['should move new to interviewing when an interview is scheduled', 'new', null, 'interviewing', 'interviewing'],
    ['should move new to rejected when not interested', 'new', null, 'rejected', 'rejected'],
    ['should move contacted to interviewing', 'contacted', 'contacted', 'interviewing', 'interviewing'],
    ['should move contacted to rejected', 'contacted', null, 'rejected', 'rejected'],
    [
      'should move interviewing to rejected when the verdict changes',
      'interviewing',
      'interviewing',
      'rejected',
      'rejected',
    ],
    [
      'should move rejected to interviewing when the verdict changes',
      'rejected',
      'rejected',
      'interviewing',
      'interviewing',
    ],
    ['should not move interviewing back to contacted', 'interviewing', null, 'contacted', 'interviewing'],
    ['should not move rejected to contacted', 'rejected', null, 'contacted', 'rejected'],
    ['should not move contacted when contacted again', 'contacted', null, 'contacted', 'contacted'],
    [
      'should keep a recruiter’s rejection when interviewing is replayed',
      'rejected',
      'interviewing',
      'interviewing',
      'rejected',
    ],
    ['should keep a recruiter’s reset to new when contacted is replayed', 'new', 'contacted', 'contacted', 'new'],
    [
      'should keep a recruiter’s interviewing when rejected is replayed',
      'interviewing',
      'rejected',
      'rejected',
      'interviewing',
    ],
    ['should leave the status alone on a null verdict', 'new', null, null, 'new'],
    [
      'should leave interviewing alone when the verdict becomes null',
      'interviewing',
      'interviewing',
      null,
      'interviewing',
    ],
    ['should never move hired (to rejected)', 'hired', null, 'rejected', 'hired'],
    ['should never move hired (to interviewing)', 'hired', 'contacted', 'interviewing', 'hired'],
    ['should never move hired (to contacted)', 'hired', null, 'contacted', 'hired'],
    ['should never move withdrawn (to interviewing)', 'withdrawn', null, 'interviewing', 'withdrawn'],
    ['should never move withdrawn (to rejected)', 'withdrawn', 'contacted', 'rejected', 'withdrawn'],
    ['should never move withdrawn (to contacted)', 'withdrawn', null, 'contacted', 'withdrawn'],
  ])('%s', (_name, current, before, after, expected) => {
    expect(nextCandidateStatus(current, before, after)).toBe(expected);
  });
});

describe('callRecency', () => {
  const CREATED_AT = new Date('2025-11-21T04:40:00.000Z');

  it.each<[string, number | null, number | null, number]>([
    ['should use start_timestamp when the call started', 1704067200000, 1704067800000, 1704067200000],
    ['should use start_timestamp 0 rather than created_at', 0, null, 0],
    ['should use end_timestamp when a saved call has no start_timestamp', null, 1704067800000, 1704067800000],
    ['should fall back to created_at in ms for a call that never started', null, null, 1763700000000],
  ])('%s', (_name, startTimestamp, endTimestamp, expected) => {
    expect(callRecency({ start_timestamp: startTimestamp, end_timestamp: endTimestamp, created_at: CREATED_AT })).toBe(
      expected,
    );
  });

  it('should order a failed dial placed later after an earlier started call', () => {
    const earlierStarted = {
      start_timestamp: 1763700000000,
      end_timestamp: 1763700300000,
      created_at: new Date('2025-11-21T04:39:59.000Z'),
    };
    const laterFailedDial = {
      start_timestamp: null,
      end_timestamp: null,
      created_at: new Date('2025-11-21T05:00:00.000Z'),
    };

    expect(callRecency(laterFailedDial)).toBeGreaterThan(callRecency(earlierStarted));
  });
});
