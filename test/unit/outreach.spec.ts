import { describe, expect, it } from '@jest/globals';
import { parseCallingWindow } from '../../src/config/calling-window.js';
import { outreachStatus, type OutreachInput } from '../../src/rules/outreach.js';

const base: OutreachInput = {
  candidate: { do_not_call: false, status: 'new', timezone: 'America/Chicago' },
  history: { active: 0, attempts: 1 },
  hasInterview: false,
  maxAttempts: 3,
  callingConfigured: true,
  // 15:00 in Chicago (CST, UTC-6).
  now: new Date('2026-11-18T21:00:00Z'),
  window: parseCallingWindow('08:00-21:00'),
  defaultZone: 'America/New_York',
};

describe('outreachStatus', () => {
  it('should allow a call inside calling hours, with the attempts left', () => {
    expect(outreachStatus(base)).toEqual({
      can_call: true,
      reason: null,
      calling_configured: true,
      attempts: 1,
      max_attempts: 3,
      remaining_attempts: 2,
      next_allowed_at: null,
      timezone: 'America/Chicago',
      next_action: 'call',
    });
  });

  it('should give the next opening of the window, in UTC, outside calling hours', () => {
    const night = outreachStatus({ ...base, now: new Date('2026-11-19T05:00:00Z') }); // 23:00 in Chicago
    expect(night).toMatchObject({
      can_call: false,
      reason: 'outside_calling_hours',
      next_allowed_at: new Date('2026-11-19T14:00:00Z'),
      next_action: 'wait_for_calling_hours',
    });
  });

  it('should give the dial refusals in the dial order, and the next action', () => {
    expect(outreachStatus({ ...base, history: { active: 1, attempts: 1 } })).toMatchObject({
      reason: 'call_in_progress',
      next_action: 'call_in_progress',
    });
    expect(outreachStatus({ ...base, history: { active: 0, attempts: 3 } })).toMatchObject({
      reason: 'attempts_exhausted',
      remaining_attempts: 0,
      next_action: 'none',
    });
    expect(outreachStatus({ ...base, candidate: { ...base.candidate, do_not_call: true } })).toMatchObject({
      reason: 'do_not_call',
      next_action: 'none',
    });
    expect(
      outreachStatus({ ...base, candidate: { ...base.candidate, status: 'hired', timezone: null } }),
    ).toMatchObject({
      reason: 'candidate_closed',
      timezone: 'America/New_York',
    });
  });

  it('should await the interview when one is scheduled', () => {
    expect(outreachStatus({ ...base, hasInterview: true }).next_action).toBe('await_interview');
  });

  it('should ask a recruiter to book the interview of an interviewing candidate without one', () => {
    const interviewing = { ...base.candidate, status: 'interviewing' as const };
    expect(outreachStatus({ ...base, candidate: interviewing }).next_action).toBe('book_interview');
    expect(outreachStatus({ ...base, candidate: interviewing, hasInterview: true }).next_action).toBe(
      'await_interview',
    );
  });

  it('should say calling is not configured before any dial rule, and not suggest a call', () => {
    const unconfigured = outreachStatus({
      ...base,
      callingConfigured: false,
      candidate: { ...base.candidate, do_not_call: true },
    });
    expect(unconfigured).toMatchObject({
      can_call: false,
      reason: 'calling_not_configured',
      calling_configured: false,
      next_action: 'configure_calling',
    });
  });
});
