/**
 * A Retell call object as it arrives in a webhook (`body.call`), from `GET /v2/get-call`, or from a
 * recruiter's manual save: the shape of retell-sdk's `PhoneCallResponse` / `WebCallResponse`.
 * Only `call_id` is guaranteed; every other field is read defensively.
 */
export type RetellCallObject = { call_id: string } & Record<string, unknown>;

/** Retell's call statuses, plus the two this service uses before Retell knows the call. */
export type CallStatus = 'dialing' | 'failed' | 'registered' | 'ongoing' | 'ended' | 'error' | 'not_connected';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function asInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

export function asBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}
