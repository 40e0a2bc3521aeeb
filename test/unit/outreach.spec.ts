import { describe, expect, it } from '@jest/globals';
import { parseCallingWindow } from '../../src/config/calling-window.js';
import { outreachStatus, type OutreachInput } from '../../src/rules/outreach.js';

const base: OutreachInput = {
  candidate: { do_not_call: false, status: 'new', timezone: 'America/Chicago' },
  // The first call was placed 20 minutes ago.
  history: { active: 0, attempts: 1, lastPlacedAt: new Date('2026-11-18T20:40:00Z') },
  retryDelays: ['PT4H', 'P1D'],
  campaign: null,
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
      // The cadence says 4 hours after the first call; a call now is allowed, and early.
      next_attempt_at: new Date('2026-11-19T00:40:00Z'),
      early: true,
      campaign_id: null,
      next_action: 'call',
    });
  });

  it('should move the next attempt into calling hours, and not call it early once it is due', () => {
    // The second call at 18:00 in Chicago: the next one is due a day later, at 18:00.
    const second = { active: 0, attempts: 2, lastPlacedAt: new Date('2026-11-18T00:00:00Z') };
    expect(outreachStatus({ ...base, history: second })).toMatchObject({
      next_attempt_at: new Date('2026-11-19T00:00:00Z'),
      early: true,
    });
    // Placed at 20:30 in Chicago: 4 hours later is 00:30, so the next attempt waits for 08:00.
    const late = { active: 0, attempts: 1, lastPlacedAt: new Date('2026-11-18T02:30:00Z') };
    expect(outreachStatus({ ...base, history: late })).toMatchObject({
      next_attempt_at: new Date('2026-11-18T14:00:00Z'),
      early: false,
      can_call: true,
    });
    expect(outreachStatus({ ...base, history: { active: 0, attempts: 0, lastPlacedAt: null } })).toMatchObject({
      next_attempt_at: null,
      early: false,
    });
  });

  it("should give a campaign's own schedule", () => {
    const at = new Date('2026-11-20T15:00:00Z');
    expect(outreachStatus({ ...base, campaign: { campaign_id: 7, next_attempt_at: at } })).toMatchObject({
      next_attempt_at: at,
      early: true,
      campaign_id: 7,
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
    expect(outreachStatus({ ...base, history: { active: 1, attempts: 1, lastPlacedAt: null } })).toMatchObject({
      reason: 'call_in_progress',
      next_action: 'call_in_progress',
    });
    expect(outreachStatus({ ...base, history: { active: 0, attempts: 3, lastPlacedAt: null } })).toMatchObject({
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
