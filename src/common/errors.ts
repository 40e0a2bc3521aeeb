import { HttpStatus } from '@nestjs/common';

/**
 * The error catalogue: every failure the service expects and names, with the stable `code` that
 * clients read from the error envelope (`{ statusCode, error, code, message, details? }`).
 * The exception filter is the only place these become HTTP answers.
 */
export enum ErrorCode {
  InvalidApiKey = 'invalid_api_key',
  InvalidSignature = 'invalid_signature',
  CandidateNotFound = 'candidate_not_found',
  CallNotFound = 'call_not_found',
  EventNotFound = 'event_not_found',
  EventNotReplayable = 'event_not_replayable',
  EventPayloadCleared = 'event_payload_cleared',
  EventNotStored = 'event_not_stored',
  CallDataNotApplied = 'call_data_not_applied',
  CallBelongsToAnotherCandidate = 'call_belongs_to_another_candidate',
  CallErased = 'call_erased',
  CallNotAllowed = 'call_not_allowed',
  CallingNotConfigured = 'calling_not_configured',
  RetellRejected = 'retell_rejected',
  RetellRateLimited = 'retell_rate_limited',
  RetellUnavailable = 'retell_unavailable',
  InterviewNotFound = 'interview_not_found',
  InterviewAlreadyScheduled = 'interview_already_scheduled',
  InterviewNotChangeable = 'interview_not_changeable',
  InterviewNotAllowed = 'interview_not_allowed',
  NotificationNotFound = 'notification_not_found',
  NotificationNotRetryable = 'notification_not_retryable',
  CalendarFeedDisabled = 'calendar_feed_disabled',
  InvalidFeedToken = 'invalid_feed_token',
}

/** A failure the service expects and names; `status` is its HTTP status. */
export abstract class DomainError extends Error {
  abstract readonly status: HttpStatus;
  abstract readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/** Missing or wrong `Authorization: Bearer <key>` → 401. */
export class InvalidApiKey extends DomainError {
  readonly status = HttpStatus.UNAUTHORIZED;
  readonly code = ErrorCode.InvalidApiKey;
  override readonly headers = { 'WWW-Authenticate': 'Bearer' };
  constructor() {
    super('A valid API key is required: Authorization: Bearer <key>');
  }
}

/** Missing, malformed, forged, stale or wrong-key `x-retell-signature` → 401. */
export class InvalidSignature extends DomainError {
  readonly status = HttpStatus.UNAUTHORIZED;
  readonly code = ErrorCode.InvalidSignature;
  constructor() {
    super('Invalid or missing x-retell-signature');
  }
}

/** No candidate with this id → 404. */
export class CandidateNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = ErrorCode.CandidateNotFound;
  constructor(id: number) {
    super(`Candidate ${id} not found`);
  }
}

/** No call with this call_id → 404. */
export class CallNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = ErrorCode.CallNotFound;
  constructor(callId: string) {
    super(`Call ${callId} not found`);
  }
}

/** No stored event with this id → 404. */
export class EventNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = ErrorCode.EventNotFound;
  constructor(id: number) {
    super(`Event ${id} not found`);
  }
}

/** A duplicate delivery has nothing of its own to replay → 409, naming the original. */
export class EventNotReplayable extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.EventNotReplayable;
  override readonly details: Record<string, unknown>;
  constructor(id: number, original: number) {
    super(`Event ${id} is a duplicate delivery; replay event ${original} instead`);
    this.details = { duplicate_of: original };
  }
}

/**
 * The event's payload was cleared (by EVENT_PAYLOAD_RETENTION_DAYS, or when its candidate was
 * erased): there is nothing left to apply → 409.
 */
export class EventPayloadCleared extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.EventPayloadCleared;
  constructor(id: number) {
    super(`Event ${id} has no payload any more (retention or erasure); it cannot be replayed`);
  }
}

/** A verified Retell event could not be stored durably → 503, so that Retell retries. */
export class EventNotStored extends DomainError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly code = ErrorCode.EventNotStored;
  override readonly headers = { 'Retry-After': '5' };
  constructor() {
    super('The event could not be stored; retry later');
  }
}

/** The call data was stored as an event but applying it failed → 500; the event can be replayed. */
export class CallDataNotApplied extends DomainError {
  readonly status = HttpStatus.INTERNAL_SERVER_ERROR;
  readonly code = ErrorCode.CallDataNotApplied;
  override readonly details: Record<string, unknown>;
  constructor(eventId: number | null) {
    super(`The call data was stored (event ${eventId}) but could not be applied`);
    this.details = { event_id: eventId };
  }
}

/**
 * A manual save names a call that belongs to another candidate → 409. A call belongs to one
 * candidate; the body's `reassign: true` moves it explicitly.
 */
export class CallBelongsToAnotherCandidate extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.CallBelongsToAnotherCandidate;
  override readonly details: Record<string, unknown>;
  constructor(callId: string, ownerId: number) {
    super(`Call ${callId} belongs to candidate ${ownerId}; send "reassign": true to move it`);
    this.details = { call_id: callId, candidate_id: ownerId };
  }
}

/**
 * A manual save names a call whose candidate was erased → 409, nothing stored: the erased
 * person's call data is not taken in again, onto any candidate.
 */
export class CallErased extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.CallErased;
  override readonly details: Record<string, unknown>;
  constructor(callId: string) {
    super(`Call ${callId} belonged to an erased candidate; its data is not stored again`);
    this.details = { call_id: callId };
  }
}

/** Why a call must not be placed: `details.reason` of {@link CallNotAllowed}, in the order they are checked. */
export const DIAL_REFUSALS = [
  'do_not_call',
  'candidate_closed',
  'call_in_progress',
  'attempts_exhausted',
  'outside_calling_hours',
] as const;
export type DialRefusal = (typeof DIAL_REFUSALS)[number];

/** A call that must not be placed → 409 with `details.reason` (and `next_allowed_at` for calling hours). */
export class CallNotAllowed extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.CallNotAllowed;
  override readonly details: Record<string, unknown>;
  constructor(
    readonly reason: DialRefusal,
    extra: Record<string, unknown> = {},
  ) {
    super(`The call is not allowed: ${reason}`);
    this.details = { reason, ...extra };
  }
}

/** Placing calls needs RETELL_FROM_NUMBER and an agent → 503 until they are configured. */
export class CallingNotConfigured extends DomainError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly code = ErrorCode.CallingNotConfigured;
  constructor(missing: string) {
    super(`Placing calls is not configured: set ${missing}`);
  }
}

/** Retell answered with an error → 502, with Retell's status and message (never the key). */
export class RetellRejected extends DomainError {
  readonly status = HttpStatus.BAD_GATEWAY;
  readonly code = ErrorCode.RetellRejected;
  override readonly details: Record<string, unknown>;
  constructor(
    readonly retellStatus: number,
    retellMessage: string,
  ) {
    super(`Retell refused the request (${retellStatus})`);
    this.details = { retell_status: retellStatus, retell_message: retellMessage };
  }
}

/** Retell rate-limited us (429) → 503 with Retry-After (seconds). */
export class RetellRateLimited extends DomainError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly code = ErrorCode.RetellRateLimited;
  override readonly headers: Record<string, string>;
  constructor(readonly retryAfterSeconds: number) {
    super('Retell is rate-limiting calls; retry later');
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/**
 * Retell did not answer (timeout, connection refused) or a gateway in front of it answered
 * 502/503/504 → 502; whether the request took effect is unknown.
 */
export class RetellUnavailable extends DomainError {
  readonly status = HttpStatus.BAD_GATEWAY;
  readonly code = ErrorCode.RetellUnavailable;
  constructor(message = 'Retell did not answer') {
    super(message);
  }
}

/** No interview with this id → 404. */
export class InterviewNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = ErrorCode.InterviewNotFound;
  constructor(id: number) {
    super(`Interview ${id} not found`);
  }
}

/** The candidate already has a scheduled interview → 409 naming it; move it with PATCH instead. */
export class InterviewAlreadyScheduled extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.InterviewAlreadyScheduled;
  override readonly details: Record<string, unknown>;
  constructor(candidateId: number, interviewId: number) {
    super(
      `Candidate ${candidateId} already has scheduled interview ${interviewId}; change it with PATCH /api/interviews/${interviewId}`,
    );
    this.details = { interview_id: interviewId };
  }
}

/** A cancelled interview cannot be changed → 409; book a new one. */
export class InterviewNotChangeable extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.InterviewNotChangeable;
  constructor(id: number) {
    super(`Interview ${id} is cancelled and cannot be changed; book a new one`);
  }
}

/** A hired or withdrawn candidate gets no interview → 409 with `details.reason` `candidate_closed`. */
export class InterviewNotAllowed extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.InterviewNotAllowed;
  override readonly details: Record<string, unknown>;
  constructor(candidateId: number) {
    super(`Candidate ${candidateId} is hired or withdrawn: no interview can be booked`);
    this.details = { reason: 'candidate_closed' };
  }
}

/** No notification with this id → 404. */
export class NotificationNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = ErrorCode.NotificationNotFound;
  constructor(id: number) {
    super(`Notification ${id} not found`);
  }
}

/** Only a `failed` notification can be sent again → 409 with its current status. */
export class NotificationNotRetryable extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  readonly code = ErrorCode.NotificationNotRetryable;
  override readonly details: Record<string, unknown>;
  constructor(id: number, status: string) {
    super(`Notification ${id} is ${status}; only a failed notification can be retried`);
    this.details = { status };
  }
}

/** CALENDAR_FEED_TOKEN is unset: there is no calendar feed → 404. */
export class CalendarFeedDisabled extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = ErrorCode.CalendarFeedDisabled;
  constructor() {
    super('The calendar feed is off: set CALENDAR_FEED_TOKEN');
  }
}

/** Missing or wrong `token` on the calendar feed → 401. */
export class InvalidFeedToken extends DomainError {
  readonly status = HttpStatus.UNAUTHORIZED;
  readonly code = ErrorCode.InvalidFeedToken;
  constructor() {
    super('A valid calendar feed token is required: ?token=<CALENDAR_FEED_TOKEN>');
  }
}
