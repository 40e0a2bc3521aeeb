import { describe, expect, it } from '@jest/globals';
import type { CandidateStatus } from '../../src/database/entities/candidate-status.js';
import { dialRefusal, dynamicVariables } from '../../src/rules/dial-rules.js';

describe('dialRefusal', () => {
  const open = { do_not_call: false, status: 'new' as CandidateStatus };
  const idle = { active: 0, attempts: 0 };

  it.each<
    [string, { do_not_call: boolean; status: CandidateStatus }, { active: number; attempts: number }, string | null]
  >([
    ['should allow a new candidate with no calls', open, idle, null],
    ['should allow the third attempt of three', open, { active: 0, attempts: 2 }, null],
    [
      'should refuse a do-not-call candidate first of all',
      { do_not_call: true, status: 'hired' },
      { active: 1, attempts: 9 },
      'do_not_call',
    ],
    ['should refuse a hired candidate', { ...open, status: 'hired' }, idle, 'candidate_closed'],
    ['should refuse a rejected candidate', { ...open, status: 'rejected' }, idle, 'candidate_closed'],
    ['should refuse a withdrawn candidate', { ...open, status: 'withdrawn' }, idle, 'candidate_closed'],
    ['should allow an interviewing candidate (e.g. to reschedule)', { ...open, status: 'interviewing' }, idle, null],
    [
      'should refuse while a call is active, before counting attempts',
      open,
      { active: 1, attempts: 3 },
      'call_in_progress',
    ],
    ['should refuse when the attempts are used up', open, { active: 0, attempts: 3 }, 'attempts_exhausted'],
  ])('%s', (_name, candidate, history, expected) => {
    expect(dialRefusal(candidate, history, 3)).toBe(expected);
  });
});

describe('dynamicVariables', () => {
  const candidate = { first_name: 'Maya', last_name: 'Chen', position: 'Data Engineer', company: 'Acme' };

  it('should pass the candidate, the role and the recruiter as strings', () => {
    expect(dynamicVariables({ candidate, recruiter: 'Emma Johnson' })).toEqual({
      candidate_first_name: 'Maya',
      candidate_name: 'Maya Chen',
      position: 'Data Engineer',
      company: 'Acme',
      recruiter_name: 'Emma Johnson',
    });
  });

  it('should leave out unknown values rather than send empty strings', () => {
    expect(dynamicVariables({ candidate: { ...candidate, position: null, company: '  ' } })).toEqual({
      candidate_first_name: 'Maya',
      candidate_name: 'Maya Chen',
    });
  });

  it('should add the request’s variables, which win on a clash', () => {
    const variables = dynamicVariables({ candidate, extra: { position: 'Senior Data Engineer', slots: 'Tue 3 PM' } });
    expect(variables).toMatchObject({
      position: 'Senior Data Engineer',
      slots: 'Tue 3 PM',
      candidate_first_name: 'Maya',
    });
  });
});
