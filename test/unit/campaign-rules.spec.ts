import { describe, expect, it } from '@jest/globals';
import { parseCallingWindow } from '../../src/config/calling-window.js';
import {
  afterUndecidedAttempt,
  campaignTransition,
  dialBackoffMs,
  dialCapacity,
  isRetryDelay,
  nextCallingTime,
  retryDelay,
  settleAttempt,
  skipReason,
  type AttemptFacts,
} from '../../src/rules/campaign-rules.js';

const WINDOW = parseCallingWindow('08:00-21:00');
const WEEKDAYS = [1, 2, 3, 4, 5];
const NOW = Date.parse('2026-11-18T20:00:00.000Z');

const facts = (over: Partial<AttemptFacts>): AttemptFacts => ({
  callStatus: 'ended',
  disconnectionReason: 'agent_hangup',
  inVoicemail: false,
  verdict: 'contacted',
  analyzed: true,
  updatedAtMs: NOW,
  candidate: { do_not_call: false, status: 'contacted' },
  ...over,
});

describe('campaignTransition', () => {
  it.each([
    ['draft', 'start', 'running'],
    ['running', 'pause', 'paused'],
    ['paused', 'resume', 'running'],
    ['paused', 'cancel', 'cancelled'],
    ['draft', 'cancel', 'cancelled'],
    ['running', 'start', null],
    ['draft', 'pause', null],
    ['completed', 'resume', null],
    ['cancelled', 'cancel', null],
  ] as const)('%s + %s → %s', (from, action, to) => {
    expect(campaignTransition(from, action)).toBe(to);
  });
});

describe('skipReason', () => {
  it('should skip do-not-call, phoneless and decided candidates, in that order', () => {
    expect(skipReason({ do_not_call: true, phone: '', status: 'rejected' })).toBe('do_not_call');
    expect(skipReason({ do_not_call: false, phone: '', status: 'new' })).toBe('no_phone');
    expect(skipReason({ do_not_call: false, phone: '+14155550100', status: 'interviewing' })).toBe('already_decided');
    expect(skipReason({ do_not_call: false, phone: '+14155550100', status: 'contacted' })).toBeNull();
  });
});

describe('settleAttempt', () => {
  it('should wait while the call may still ring', () => {
    for (const callStatus of ['dialing', 'registered', 'ongoing']) {
      expect(settleAttempt(facts({ callStatus }), NOW, 0)).toEqual({ kind: 'pending' });
    }
  });

  it('should end outreach on a booking, a refusal, do-not-call or a recruiter decision', () => {
    expect(settleAttempt(facts({ verdict: 'interviewing' }), NOW, 0)).toEqual({
      kind: 'decided',
      outcome: 'interview_scheduled',
    });
    expect(settleAttempt(facts({ verdict: 'rejected' }), NOW, 0)).toEqual({
      kind: 'decided',
      outcome: 'not_interested',
    });
    expect(
      settleAttempt(facts({ callStatus: 'ongoing', candidate: { do_not_call: true, status: 'new' } }), NOW, 0),
    ).toEqual({ kind: 'decided', outcome: 'do_not_call' });
    expect(settleAttempt(facts({ verdict: null, candidate: { do_not_call: false, status: 'hired' } }), NOW, 0)).toEqual(
      {
        kind: 'decided',
        outcome: 'decided_by_recruiter',
      },
    );
  });

  it('should retry no answer, busy, voicemail and failed dials: never a rejection', () => {
    const retry = (over: Partial<AttemptFacts>) => settleAttempt(facts({ verdict: null, ...over }), NOW, 0);
    expect(retry({ callStatus: 'not_connected', disconnectionReason: 'dial_no_answer' })).toEqual({
      kind: 'retry',
      outcome: 'no_answer',
    });
    expect(retry({ callStatus: 'not_connected', disconnectionReason: 'dial_busy' })).toEqual({
      kind: 'retry',
      outcome: 'busy',
    });
    expect(retry({ inVoicemail: true })).toEqual({ kind: 'retry', outcome: 'voicemail' });
    expect(retry({ disconnectionReason: 'voicemail_reached' })).toEqual({ kind: 'retry', outcome: 'voicemail' });
    expect(retry({ callStatus: 'failed', disconnectionReason: null })).toEqual({
      kind: 'retry',
      outcome: 'dial_failed',
    });
    expect(retry({ callStatus: 'ended', disconnectionReason: 'invalid_destination' })).toEqual({
      kind: 'retry',
      outcome: 'dial_failed',
    });
  });

  it('should wait for the analysis of a reached call, then retry it undecided', () => {
    const reached = facts({ analyzed: false, updatedAtMs: NOW - 60_000 });
    expect(settleAttempt(reached, NOW, 120_000)).toEqual({ kind: 'pending' });
    expect(settleAttempt(reached, NOW, 60_000)).toEqual({ kind: 'retry', outcome: 'connected' });
    expect(settleAttempt(facts({}), NOW, 120_000)).toEqual({ kind: 'retry', outcome: 'connected' });
  });
});

describe('retry cadence', () => {
  it('should take the delay of the attempt made, the last one repeating', () => {
    const delays = ['PT4H', 'P1D'];
    expect(retryDelay(delays, 1).as('hours')).toBe(4);
    expect(retryDelay(delays, 2).as('hours')).toBe(24);
    expect(retryDelay(delays, 5).as('hours')).toBe(24);
  });

  it('should accept ISO 8601 durations of one minute to 30 days only', () => {
    expect(['PT1M', 'PT4H', 'P1D', 'P30D'].map(isRetryDelay)).toEqual([true, true, true, true]);
    expect(['PT59S', 'P31D', '4h', '', 'P'].map(isRetryDelay)).toEqual([false, false, false, false, false]);
  });

  it('should move a retry due at night to the morning in the candidate zone', () => {
    // 19:00 in New York + 4 h = 23:00: the next attempt waits for Thursday 08:00 EST.
    const next = afterUndecidedAttempt({
      attemptsMade: 1,
      maxAttempts: 3,
      retryDelays: ['PT4H'],
      now: new Date('2026-11-19T00:00:00.000Z'),
      zone: 'America/New_York',
      window: WINDOW,
      weekdays: WEEKDAYS,
    });
    expect(next).toEqual({ state: 'retry_scheduled', nextAttemptAt: new Date('2026-11-19T13:00:00.000Z') });
  });

  it('should add a day of the candidate zone: the same local time after a DST change', () => {
    // Saturday 10:00 EST + P1D = Sunday 10:00 EDT (14:00 UTC), not 11:00.
    const next = afterUndecidedAttempt({
      attemptsMade: 1,
      maxAttempts: 3,
      retryDelays: ['P1D'],
      now: new Date('2026-03-07T15:00:00.000Z'),
      zone: 'America/New_York',
      window: WINDOW,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    expect(next).toEqual({ state: 'retry_scheduled', nextAttemptAt: new Date('2026-03-08T14:00:00.000Z') });
  });

  it('should exhaust the candidate once max_attempts are made', () => {
    const input = {
      maxAttempts: 3,
      retryDelays: ['PT4H'],
      now: new Date(NOW),
      zone: 'UTC',
      window: WINDOW,
      weekdays: WEEKDAYS,
    };
    expect(afterUndecidedAttempt({ ...input, attemptsMade: 3 })).toEqual({ state: 'exhausted' });
    expect(afterUndecidedAttempt({ ...input, attemptsMade: 2 }).state).toBe('retry_scheduled');
  });
});

describe('nextCallingTime', () => {
  it('should keep an instant inside the window on an allowed day', () => {
    const at = new Date('2026-11-18T20:00:00.000Z');
    expect(nextCallingTime(at, 'America/New_York', WINDOW, WEEKDAYS)).toEqual(at);
  });

  it('should keep local 08:00 across the spring-forward and fall-back changes', () => {
    // Saturday night before the US spring-forward (2026-03-08): Monday 08:00 EDT = 12:00 UTC.
    expect(nextCallingTime(new Date('2026-03-08T04:00:00.000Z'), 'America/New_York', WINDOW, WEEKDAYS)).toEqual(
      new Date('2026-03-09T12:00:00.000Z'),
    );
    // Saturday night before the fall-back (2026-11-01): Monday 08:00 EST = 13:00 UTC.
    expect(nextCallingTime(new Date('2026-11-01T03:00:00.000Z'), 'America/New_York', WINDOW, WEEKDAYS)).toEqual(
      new Date('2026-11-02T13:00:00.000Z'),
    );
    // Europe changes on another day: Sunday 2026-03-29 06:00 in Paris, weekend allowed → 08:00 CEST = 06:00 UTC.
    expect(
      nextCallingTime(new Date('2026-03-29T04:00:00.000Z'), 'Europe/Paris', WINDOW, [1, 2, 3, 4, 5, 6, 7]),
    ).toEqual(new Date('2026-03-29T06:00:00.000Z'));
  });

  it('should treat the window end as closed and skip to the next allowed weekday', () => {
    // Friday 21:00 in Tokyo → Monday 08:00.
    expect(nextCallingTime(new Date('2026-11-20T12:00:00.000Z'), 'Asia/Tokyo', WINDOW, WEEKDAYS)).toEqual(
      new Date('2026-11-22T23:00:00.000Z'),
    );
    // Friday 20:59 is still inside.
    expect(nextCallingTime(new Date('2026-11-20T11:59:00.000Z'), 'Asia/Tokyo', WINDOW, WEEKDAYS)).toEqual(
      new Date('2026-11-20T11:59:00.000Z'),
    );
  });
});

describe('dialCapacity', () => {
  const base = {
    maxConcurrentCalls: 5,
    campaignActive: 0,
    retellLimit: 20,
    retellActive: 0,
    reserved: 2,
    dailyCallLimit: null,
    callsToday: 0,
    dailyBudgetCents: null,
    spentTodayCents: 0,
  };

  it('should keep to the campaign cap less its calls in progress', () => {
    expect(dialCapacity(base)).toBe(5);
    expect(dialCapacity({ ...base, campaignActive: 4 })).toBe(1);
    expect(dialCapacity({ ...base, campaignActive: 7 })).toBe(0);
  });

  it("should leave Retell's reserve for manual calls, and use the cap alone when Retell does not answer", () => {
    expect(dialCapacity({ ...base, retellActive: 15 })).toBe(3);
    expect(dialCapacity({ ...base, retellActive: 19 })).toBe(0);
    expect(dialCapacity({ ...base, retellLimit: null, retellActive: null })).toBe(5);
  });

  it('should stop at the daily call limit and budget', () => {
    expect(dialCapacity({ ...base, dailyCallLimit: 10, callsToday: 8 })).toBe(2);
    expect(dialCapacity({ ...base, dailyBudgetCents: 500, spentTodayCents: 500 })).toBe(0);
    expect(dialCapacity({ ...base, dailyBudgetCents: 500, spentTodayCents: 499.5 })).toBe(5);
  });
});

describe('dialBackoffMs', () => {
  it('should double from 30 s up to 15 minutes', () => {
    expect([1, 2, 3, 10].map(dialBackoffMs)).toEqual([30_000, 60_000, 120_000, 900_000]);
  });
});
