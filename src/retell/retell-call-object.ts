/**
 * A Retell call object as it arrives in a webhook (`body.call`), from `GET /v2/get-call`, or from a
 * recruiter's manual save: the shape of retell-sdk's `PhoneCallResponse` / `WebCallResponse`.
 * Only `call_id` is guaranteed; every other field is read defensively.
 */
export type RetellCallObject = { call_id: string } & Record<string, unknown>;

/** Retell's call statuses (retell-sdk `PhoneCallResponse.call_status`). */
export const RETELL_CALL_STATUSES = ['registered', 'not_connected', 'ongoing', 'ended', 'error'] as const;

/** Retell's call statuses, plus the two this service uses before Retell knows the call. */
export const CALL_STATUSES = ['dialing', 'failed', ...RETELL_CALL_STATUSES] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** `call_type` of Retell's call objects. */
export const CALL_TYPES = ['phone_call', 'web_call'] as const;

/** `call_analysis.user_sentiment` (retell-sdk `PhoneCallResponse.CallAnalysis`). */
export const USER_SENTIMENTS = ['Negative', 'Positive', 'Neutral', 'Unknown'] as const;

/** Who speaks an utterance of `transcript_object` (retell-sdk `PhoneCallResponse.TranscriptObject`). */
export const UTTERANCE_ROLES = ['agent', 'user', 'transfer_target'] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * An `https:` URL (a recording, a log) as given, or null: anything else (`javascript:`, `data:`,
 * `http:`, text that is no URL) is never stored, as the console links to and plays these.
 */
export function asHttpsUrl(value: unknown): string | null {
  const text = asString(value);
  return text !== null && URL.canParse(text) && new URL(text).protocol === 'https:' ? text : null;
}

export function asInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

export function asBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}
