/** The longest wait between two attempts to send one e-mail. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * Milliseconds to wait after the `attempts`-th failed send (1, 2, ...): `baseMs`, then twice as
 * long each time (exponential backoff), at most {@link MAX_RETRY_DELAY_MS}.
 */
export function retryDelay(attempts: number, baseMs: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(exponent, 30));
}

/** What becomes of a notification whose send failed. */
export type FailureOutcome = { kind: 'retry'; at: Date } | { kind: 'failed' };

/**
 * A permanent SMTP refusal (a 5xx reply) fails the e-mail at once; anything else (a 4xx, a
 * connection or timeout error) is retried with backoff until `maxAttempts` sends were tried.
 */
export function afterFailure(
  attempts: number,
  maxAttempts: number,
  smtpCode: number | null,
  now: Date,
  baseMs: number,
): FailureOutcome {
  if (smtpCode !== null && smtpCode >= 500) return { kind: 'failed' };
  if (attempts >= maxAttempts) return { kind: 'failed' };
  return { kind: 'retry', at: new Date(now.getTime() + retryDelay(attempts, baseMs)) };
}
