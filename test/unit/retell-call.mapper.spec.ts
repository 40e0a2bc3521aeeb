import { describe, expect, it } from '@jest/globals';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import { parseCustomAnalysis, type CustomAnalysis } from '../../src/rules/custom-analysis.js';
import type { RetellCallObject } from '../../src/retell/retell-call-object.js';
import {
  mapRetellCall,
  type CallRecordFields,
  type CandidateCallFields,
} from '../../src/ingestion/retell-call.mapper.js';
import { analyzedCall, endedCall, SEED_002_CALL, startedCall } from '../support/retell-fixtures.js';

/** A call object as it arrives in a webhook body: plain JSON. */
const asWebhookCall = (call: PhoneCallResponse | Record<string, unknown>): RetellCallObject =>
  JSON.parse(JSON.stringify(call)) as RetellCallObject;

const CALL_ID = 'call_mapper_test_1';
const T0 = 1_763_700_000_000; // the fixtures' start_timestamp
const FIXTURE_METADATA = { candidate_id: '199', job_id: '45', recruiter: 'Emma Johnson' };

/** Every custom analysis field, null. */
const NO_CUSTOM_DATA = {
  interview_scheduled: null,
  scheduled_date: null,
  scheduled_time: null,
  scheduled_timezone: null,
  scheduled_datetime_iso: null,
  candidate_timezone: null,
  availability_preference: null,
  unavailable_dates: null,
  is_qualified_candidate: null,
  candidate_interest_level: null,
  years_of_experience: null,
  salary_expectation: null,
  technical_skills_mentioned: null,
  questions_asked: null,
  outcome: null,
  rejection_reason: null,
  additional_notes: null,
  do_not_call_requested: null,
} satisfies CustomAnalysis;

/** Every candidate field, null: a call that says nothing. */
const NO_CALL_FIELDS = {
  retell_call_id: null,
  retell_call_status: null,
  retell_call_type: null,
  retell_disconnection_reason: null,
  retell_recording_url: null,
  retell_call_duration_ms: null,
  retell_start_timestamp: null,
  retell_end_timestamp: null,
  retell_metadata: null,
  retell_public_log_url: null,
  retell_call_analysis: null,
  retell_call_summary: null,
  retell_user_sentiment: null,
  retell_call_successful: null,
  retell_in_voicemail: null,
  retell_interview_scheduled: null,
  retell_scheduled_date: null,
  retell_scheduled_time: null,
  retell_scheduled_timezone: null,
  retell_scheduled_datetime_iso: null,
  retell_interview_at: null,
  retell_candidate_timezone: null,
  retell_availability_preference: null,
  retell_unavailable_dates: null,
  retell_is_qualified: null,
  retell_interest_level: null,
  retell_years_of_experience: null,
  retell_salary_expectation: null,
  retell_technical_skills: null,
  retell_questions_asked: null,
  retell_call_outcome: null,
  retell_rejection_reason: null,
  retell_additional_notes: null,
} satisfies CandidateCallFields;

const SEED_ANALYSIS = {
  call_summary:
    'Conducted phone screening for Senior Python Developer. Candidate is qualified with 5 years experience. Scheduled technical interview for Tuesday, October 8th at 3 PM EST.',
  user_sentiment: 'Positive',
  call_successful: true,
  in_voicemail: false,
  custom_analysis_data: {
    interview_scheduled: true,
    scheduled_date: '2025-10-08',
    scheduled_time: '3:00 PM',
    scheduled_timezone: 'Eastern Time (ET)',
    scheduled_datetime_iso: '2025-10-08T15:00:00-04:00',
    candidate_timezone: 'Eastern Time',
    unavailable_dates: 'October 15-17 (vacation)',
    is_qualified_candidate: true,
    candidate_interest_level: 'High',
    years_of_experience: 5,
    salary_expectation: 120000,
    technical_skills_mentioned: ['Python', 'Django', 'AWS', 'Docker'],
    questions_asked: ['What is the team size?', 'Is remote work supported?'],
    outcome: 'Interview Scheduled',
  },
};

const SEED_CANDIDATE = {
  retell_call_id: 'call_abc123xyz789',
  retell_call_status: 'ended',
  retell_call_type: 'phone_call',
  retell_disconnection_reason: null,
  retell_recording_url: 'https://retell-recordings.s3.amazonaws.com/call_abc123xyz789.mp3',
  retell_call_duration_ms: 600000,
  retell_start_timestamp: 1704067200000,
  retell_end_timestamp: 1704067800000,
  retell_metadata: { candidate_id: '199', job_id: '45', recruiter: 'Emma Johnson' },
  retell_public_log_url: 'https://logs.retellai.com/call/abc123xyz789',
  retell_call_analysis: SEED_ANALYSIS,
  retell_call_summary: SEED_ANALYSIS.call_summary,
  retell_user_sentiment: 'Positive',
  retell_call_successful: true,
  retell_in_voicemail: false,
  retell_interview_scheduled: true,
  retell_scheduled_date: '2025-10-08',
  retell_scheduled_time: '3:00 PM',
  retell_scheduled_timezone: 'Eastern Time (ET)',
  retell_scheduled_datetime_iso: '2025-10-08T15:00:00-04:00',
  // 21 months after the example's call: not a time the call can book (plausibleInterviewAt).
  retell_interview_at: null,
  retell_candidate_timezone: 'Eastern Time',
  retell_availability_preference: null,
  retell_unavailable_dates: 'October 15-17 (vacation)',
  retell_is_qualified: true,
  retell_interest_level: 'High',
  retell_years_of_experience: 5,
  retell_salary_expectation: 120000,
  retell_technical_skills: ['Python', 'Django', 'AWS', 'Docker'],
  retell_questions_asked: ['What is the team size?', 'Is remote work supported?'],
  retell_call_outcome: 'Interview Scheduled',
  retell_rejection_reason: null,
  retell_additional_notes: null,
} satisfies CandidateCallFields;

const SEED_RECORD = {
  call_status: 'ended',
  call_type: 'phone_call',
  agent_id: null,
  start_timestamp: 1704067200000,
  end_timestamp: 1704067800000,
  duration_ms: 600000,
  disconnection_reason: null,
  call_analysis: SEED_ANALYSIS,
  job_id: '45',
  recruiter: 'Emma Johnson',
  in_voicemail: false,
  call_successful: true,
  user_sentiment: 'Positive',
  interview_scheduled: true,
  outcome: 'Interview Scheduled',
  interest_level: 'High',
  combined_cost: null,
} satisfies CallRecordFields;

const STARTED_CANDIDATE = {
  ...NO_CALL_FIELDS,
  retell_call_id: CALL_ID,
  retell_call_status: 'ongoing',
  retell_call_type: 'phone_call',
  retell_start_timestamp: T0,
  retell_metadata: FIXTURE_METADATA,
} satisfies CandidateCallFields;

const STARTED_RECORD = {
  call_status: 'ongoing',
  call_type: 'phone_call',
  agent_id: 'agent_7d2f0c1e9b',
  start_timestamp: T0,
  end_timestamp: null,
  duration_ms: null,
  disconnection_reason: null,
  call_analysis: null,
  job_id: '45',
  recruiter: 'Emma Johnson',
  in_voicemail: null,
  call_successful: null,
  user_sentiment: null,
  interview_scheduled: null,
  outcome: null,
  interest_level: null,
  combined_cost: null,
} satisfies CallRecordFields;

const ENDED_CANDIDATE = {
  ...STARTED_CANDIDATE,
  retell_call_status: 'ended',
  retell_disconnection_reason: 'agent_hangup',
  retell_recording_url: `https://retell-recordings.example/${CALL_ID}.wav`,
  retell_public_log_url: `https://retell-logs.example/${CALL_ID}.txt`,
  retell_call_duration_ms: 312_000,
  retell_end_timestamp: T0 + 312_000,
} satisfies CandidateCallFields;

const ENDED_RECORD = {
  ...STARTED_RECORD,
  call_status: 'ended',
  end_timestamp: T0 + 312_000,
  duration_ms: 312_000,
  disconnection_reason: 'agent_hangup',
  combined_cost: 42,
} satisfies CallRecordFields;

const EMPTY_ANALYSIS = {
  call_summary: 'Screened John for the Senior Python Developer role; interview booked.',
  user_sentiment: 'Positive',
  call_successful: true,
  in_voicemail: false,
};

const ANALYZED_WITHOUT_CUSTOM_CANDIDATE = {
  ...ENDED_CANDIDATE,
  retell_call_analysis: { ...EMPTY_ANALYSIS, custom_analysis_data: {} },
  retell_call_summary: EMPTY_ANALYSIS.call_summary,
  retell_user_sentiment: 'Positive',
  retell_call_successful: true,
  retell_in_voicemail: false,
} satisfies CandidateCallFields;

const ANALYZED_WITHOUT_CUSTOM_RECORD = {
  ...ENDED_RECORD,
  call_analysis: { ...EMPTY_ANALYSIS, custom_analysis_data: {} },
  in_voicemail: false,
  call_successful: true,
  user_sentiment: 'Positive',
} satisfies CallRecordFields;

describe('mapRetellCall', () => {
  it.each<[string, RetellCallObject, CandidateCallFields, CallRecordFields]>([
    [
      'should map the seed 002 example to every candidate field',
      asWebhookCall(SEED_002_CALL),
      SEED_CANDIDATE,
      SEED_RECORD,
    ],
    [
      'should map a call_started payload with every analysis field null',
      asWebhookCall(startedCall({ callId: CALL_ID, candidateId: 199 })),
      STARTED_CANDIDATE,
      STARTED_RECORD,
    ],
    [
      'should map a call_ended payload with every analysis field null',
      asWebhookCall(endedCall({ callId: CALL_ID, candidateId: 199 })),
      ENDED_CANDIDATE,
      ENDED_RECORD,
    ],
    [
      'should map a call_analyzed payload with empty custom data to null custom fields',
      asWebhookCall(analyzedCall({ callId: CALL_ID, candidateId: 199, custom: {} })),
      ANALYZED_WITHOUT_CUSTOM_CANDIDATE,
      ANALYZED_WITHOUT_CUSTOM_RECORD,
    ],
  ])('%s', (_name, call, candidate, record) => {
    const mapped = mapRetellCall(call);

    expect(mapped.candidate).toEqual(candidate);
    expect(mapped.record).toEqual(record);
    expect(mapped.warnings).toEqual([]);
  });

  it('should keep timestamps and durations as numbers, not strings', () => {
    const { candidate, record } = mapRetellCall(asWebhookCall(SEED_002_CALL));

    expect([
      typeof candidate.retell_start_timestamp,
      typeof candidate.retell_end_timestamp,
      typeof candidate.retell_call_duration_ms,
    ]).toEqual(['number', 'number', 'number']);
    expect([record.start_timestamp, record.end_timestamp, record.duration_ms]).toEqual([
      1704067200000, 1704067800000, 600000,
    ]);
  });

  it('should leave retell_metadata null when the call was created without metadata', () => {
    const { candidate } = mapRetellCall(asWebhookCall(startedCall({ callId: CALL_ID, metadata: null })));

    expect(candidate.retell_metadata).toBeNull();
    expect(candidate.retell_call_status).toBe('ongoing');
  });

  it.each<[string, Record<string, unknown>]>([
    ['call_analysis without custom_analysis_data', EMPTY_ANALYSIS],
    ['custom_analysis_data null', { ...EMPTY_ANALYSIS, custom_analysis_data: null }],
    ['custom_analysis_data empty', { ...EMPTY_ANALYSIS, custom_analysis_data: {} }],
  ])('should map %s to null custom fields without warnings', (_name, callAnalysis) => {
    const call = { ...endedCall({ callId: CALL_ID, candidateId: 199 }), call_analysis: callAnalysis } satisfies Record<
      string,
      unknown
    >;

    const { candidate, warnings } = mapRetellCall(asWebhookCall(call));

    expect(candidate).toEqual({
      ...ENDED_CANDIDATE,
      retell_call_analysis: callAnalysis,
      retell_call_summary: EMPTY_ANALYSIS.call_summary,
      retell_user_sentiment: 'Positive',
      retell_call_successful: true,
      retell_in_voicemail: false,
    });
    expect(warnings).toEqual([]);
  });

  it('should null a wrongly typed custom field, warn about it, and keep the raw analysis', () => {
    const custom = { years_of_experience: 'five', salary_expectation: '$120,000', outcome: 'not interested' };
    const call = asWebhookCall(analyzedCall({ callId: CALL_ID, candidateId: 199, custom }));

    const { candidate, warnings } = mapRetellCall(call);

    expect(candidate.retell_years_of_experience).toBeNull();
    expect(candidate.retell_salary_expectation).toBe(120000);
    expect(candidate.retell_call_outcome).toBe('Not Interested');
    expect(candidate.retell_call_analysis).toEqual({ ...EMPTY_ANALYSIS, custom_analysis_data: custom });
    expect(warnings).toEqual([expect.stringContaining('custom_analysis_data.years_of_experience')]);
  });

  it('should null every custom field and warn once when custom_analysis_data is a string', () => {
    const call = {
      ...endedCall({ callId: CALL_ID }),
      call_analysis: { ...EMPTY_ANALYSIS, custom_analysis_data: 'interview booked' },
    };

    const { candidate, warnings } = mapRetellCall(asWebhookCall(call));

    expect(candidate.retell_interview_scheduled).toBeNull();
    expect(candidate.retell_call_outcome).toBeNull();
    expect(candidate.retell_interview_at).toBeNull();
    expect(candidate.retell_call_summary).toBe(EMPTY_ANALYSIS.call_summary);
    expect(warnings).toEqual([expect.stringContaining('custom_analysis_data')]);
  });
});

describe('parseCustomAnalysis', () => {
  const TOO_LONG = 'x'.repeat(20_000);

  it.each<[string, Record<string, unknown>, keyof CustomAnalysis, unknown, (keyof CustomAnalysis)[]]>([
    [
      'should null years_of_experience "five" and warn',
      { years_of_experience: 'five' },
      'years_of_experience',
      null,
      ['years_of_experience'],
    ],
    ['should read years_of_experience "5" as 5', { years_of_experience: '5' }, 'years_of_experience', 5, []],
    ['should read years_of_experience 7.5 as 7.5', { years_of_experience: 7.5 }, 'years_of_experience', 7.5, []],
    [
      'should read salary_expectation "$120,000" as 120000',
      { salary_expectation: '$120,000' },
      'salary_expectation',
      120000,
      [],
    ],
    [
      'should null a salary_expectation too large to be a finite number and warn',
      { salary_expectation: '9'.repeat(400) },
      'salary_expectation',
      null,
      ['salary_expectation'],
    ],
    ['should read interview_scheduled "yes" as true', { interview_scheduled: 'yes' }, 'interview_scheduled', true, []],
    [
      'should read is_qualified_candidate "No" as false',
      { is_qualified_candidate: 'No' },
      'is_qualified_candidate',
      false,
      [],
    ],
    [
      'should null interview_scheduled "maybe" and warn',
      { interview_scheduled: 'maybe' },
      'interview_scheduled',
      null,
      ['interview_scheduled'],
    ],
    [
      'should null interview_scheduled "constructor" (an Object.prototype key) and warn',
      { interview_scheduled: 'constructor' },
      'interview_scheduled',
      null,
      ['interview_scheduled'],
    ],
    [
      'should null interview_scheduled "__proto__" and warn',
      { interview_scheduled: '__proto__' },
      'interview_scheduled',
      null,
      ['interview_scheduled'],
    ],
    [
      'should null interview_scheduled 1 (a number) and warn',
      { interview_scheduled: 1 },
      'interview_scheduled',
      null,
      ['interview_scheduled'],
    ],
    [
      'should split comma-separated technical skills into a trimmed list',
      { technical_skills_mentioned: 'Python,  Django , AWS' },
      'technical_skills_mentioned',
      ['Python', 'Django', 'AWS'],
      [],
    ],
    [
      'should keep technical skills given as a list of strings',
      { technical_skills_mentioned: ['Python', 'Docker'] },
      'technical_skills_mentioned',
      ['Python', 'Docker'],
      [],
    ],
    [
      'should null technical skills with a number inside the list and warn',
      { technical_skills_mentioned: ['Python', 3] },
      'technical_skills_mentioned',
      null,
      ['technical_skills_mentioned'],
    ],
    [
      'should read questions_asked given as a string as a one-item list',
      { questions_asked: 'What is the team size?' },
      'questions_asked',
      ['What is the team size?'],
      [],
    ],
    [
      'should canonicalise outcome "not interested" to "Not Interested"',
      { outcome: 'not interested' },
      'outcome',
      'Not Interested',
      [],
    ],
    [
      'should canonicalise outcome " VOICEMAIL LEFT " to "Voicemail Left"',
      { outcome: ' VOICEMAIL LEFT ' },
      'outcome',
      'Voicemail Left',
      [],
    ],
    ['should keep an unknown outcome as given', { outcome: 'Wants an email' }, 'outcome', 'Wants an email', []],
    [
      'should canonicalise candidate_interest_level "high" to "High"',
      { candidate_interest_level: 'high' },
      'candidate_interest_level',
      'High',
      [],
    ],
    ['should null an empty scheduled_date without a warning', { scheduled_date: '   ' }, 'scheduled_date', null, []],
    [
      'should null a 20,000-char additional_notes and warn',
      { additional_notes: TOO_LONG },
      'additional_notes',
      null,
      ['additional_notes'],
    ],
    [
      'should null a 20,000-char rejection_reason and warn',
      { rejection_reason: TOO_LONG },
      'rejection_reason',
      null,
      ['rejection_reason'],
    ],
    [
      'should null an object in a text field and warn',
      { scheduled_time: { hour: 3 } },
      'scheduled_time',
      null,
      ['scheduled_time'],
    ],
  ])('%s', (_name, raw, field, expected, warnedFields) => {
    const { data, warnings } = parseCustomAnalysis(raw);

    expect(data).toEqual({ ...NO_CUSTOM_DATA, [field]: expected });
    expect(warnings).toEqual(warnedFields.map((name) => expect.stringContaining(`custom_analysis_data.${name}`)));
  });

  it.each<[string, unknown]>([
    ['a string', 'Interview Scheduled on 2025-10-08'],
    ['an array', [{ interview_scheduled: true }]],
    ['a number', 42],
    ['a boolean', true],
  ])('should null every field and warn once when custom_analysis_data is %s', (_name, raw) => {
    const { data, warnings } = parseCustomAnalysis(raw);

    expect(data).toEqual(NO_CUSTOM_DATA);
    expect(warnings).toEqual([expect.stringContaining('custom_analysis_data')]);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an object with unknown keys only', { favourite_colour: 'blue' }],
  ])('should null every field without warnings when custom data is %s', (_name, raw) => {
    expect(parseCustomAnalysis(raw)).toEqual({ data: NO_CUSTOM_DATA, warnings: [] });
  });

  it('should ignore inherited keys: only own fields of the object count', () => {
    const raw = Object.create({ interview_scheduled: true, outcome: 'Not Interested' }) as Record<string, unknown>;

    expect(parseCustomAnalysis(raw)).toEqual({ data: NO_CUSTOM_DATA, warnings: [] });
  });

  describe('warnings never contain the value', () => {
    const SENTINEL = 'SENTINEL-7f3a-john.doe@example.com';

    it.each<[string, unknown, number]>([
      [
        'wrongly typed fields',
        {
          years_of_experience: SENTINEL,
          salary_expectation: `$${SENTINEL}`,
          interview_scheduled: SENTINEL,
          is_qualified_candidate: { note: SENTINEL },
          technical_skills_mentioned: [SENTINEL, 3],
          questions_asked: { first: SENTINEL },
          scheduled_date: [SENTINEL],
          additional_notes: `${SENTINEL} ${'x'.repeat(20_000)}`,
        },
        8,
      ],
      ['custom_analysis_data as a string', SENTINEL, 1],
      ['custom_analysis_data as an array', [SENTINEL], 1],
    ])('should name the field but never its value for %s', (_name, raw, warningCount) => {
      const { warnings } = parseCustomAnalysis(raw);

      expect(warnings).toHaveLength(warningCount);
      for (const warning of warnings) {
        expect(warning).toMatch(/^custom_analysis_data\b/);
        expect(warning).not.toContain('SENTINEL');
        expect(warning).not.toContain('john.doe');
      }
    });
  });
});
