/**
 * Postgres failures that a retry can cure, the one list the service uses: the exception filter
 * answers them 503 with Retry-After, and ingestion rolls a delivery back on them (503, so that
 * Retell retries) instead of storing the event as `failed`.
 * SQLSTATEs: serialization failure, deadlock, lock not available (lock_timeout), query cancelled
 * (statement_timeout), admin/crash shutdown, cannot connect now, and the connection class 08xxx.
 */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03']);
/** Socket-level failures of the `pg` driver. */
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
/** Driver errors without a code: pool connect timeout, connection dropped mid-query. */
const TRANSIENT_MESSAGES = /timeout exceeded when trying to connect|Connection terminated/i;

/** Whether `error` is a database failure that a retry can cure (see the list above). */
export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    return TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_SOCKET_CODES.has(code);
  }
  return TRANSIENT_MESSAGES.test(error.message);
}

/**
 * Whether `error` is Postgres refusing a value for good (SQLSTATE class 22, data exception, or 54,
 * program limit exceeded, such as a jsonb nested past the stack depth): retrying the same data
 * fails the same way, so it is answered 4xx, never 5xx.
 */
export function isUnstorableValueError(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code);
}
