import { describe, expect, it } from '@jest/globals';
import { afterFailure, MAX_RETRY_DELAY_MS, retryDelay } from '../../src/interviews/backoff.js';
import { describeSendError } from '../../src/interviews/mailer.js';

describe('retryDelay', () => {
  it('should double after each failed attempt, from the base, up to one hour', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, 30_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000,
    ]);
    expect(retryDelay(20, 30_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelay(1000, 30_000)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe('afterFailure', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('should retry a connection error or a 4xx with backoff while attempts remain', () => {
    expect(afterFailure(1, 8, null, now, 1000)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 1000) });
    expect(afterFailure(3, 8, 421, now, 1000)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 4000) });
  });

  it('should fail after MAIL_MAX_ATTEMPTS attempts', () => {
    expect(afterFailure(8, 8, null, now, 1000)).toEqual({ kind: 'failed' });
  });

  it('should fail at once on a permanent 5xx reply', () => {
    expect(afterFailure(1, 8, 550, now, 1000)).toEqual({ kind: 'failed' });
  });
});

describe('describeSendError', () => {
  it('should keep the SMTP reply and its code', () => {
    const error = Object.assign(new Error("Can't send mail"), {
      responseCode: 550,
      response: '550 Mailbox unavailable',
      code: 'EENVELOPE',
    });
    expect(describeSendError(error)).toEqual({ message: 'EENVELOPE: 550 Mailbox unavailable', smtpCode: 550 });
  });

  it('should keep a connection error without a code', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' });
    expect(describeSendError(error)).toEqual({
      message: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:2525',
      smtpCode: null,
    });
  });
});
