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
  CandidateExists = 'candidate_exists',
  CallNotFound = 'call_not_found',
  EventNotFound = 'event_not_found',
  EventNotReplayable = 'event_not_replayable',
  EventPayloadCleared = 'event_payload_cleared',
  EventNotStored = 'event_not_stored',
  EventNotStorable = 'event_not_storable',
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
  CalendarFeedTokenNotFound = 'calendar_feed_token_not_found',
  InvalidFeedToken = 'invalid_feed_token',
  CampaignNotFound = 'campaign_not_found',
  CampaignTransitionNotAllowed = 'campaign_transition_not_allowed',
  ReportQueueFull = 'report_queue_full',
  ReportTimeout = 'report_timeout',
}

/** The HTTP status of each code: the one mapping from the catalogue to HTTP, read by the exception filter. */
export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.InvalidApiKey]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidSignature]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.CandidateNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.CandidateExists]: HttpStatus.CONFLICT,
  [ErrorCode.CallNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.EventNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.EventNotReplayable]: HttpStatus.CONFLICT,
  [ErrorCode.EventPayloadCleared]: HttpStatus.CONFLICT,
  [ErrorCode.EventNotStored]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.EventNotStorable]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.CallDataNotApplied]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ErrorCode.CallBelongsToAnotherCandidate]: HttpStatus.CONFLICT,
  [ErrorCode.CallErased]: HttpStatus.CONFLICT,
  [ErrorCode.CallNotAllowed]: HttpStatus.CONFLICT,
  [ErrorCode.CallingNotConfigured]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.RetellRejected]: HttpStatus.BAD_GATEWAY,
  [ErrorCode.RetellRateLimited]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.RetellUnavailable]: HttpStatus.BAD_GATEWAY,
  [ErrorCode.InterviewNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.InterviewAlreadyScheduled]: HttpStatus.CONFLICT,
  [ErrorCode.InterviewNotChangeable]: HttpStatus.CONFLICT,
  [ErrorCode.InterviewNotAllowed]: HttpStatus.CONFLICT,
  [ErrorCode.NotificationNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.NotificationNotRetryable]: HttpStatus.CONFLICT,
  [ErrorCode.CalendarFeedTokenNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.InvalidFeedToken]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.CampaignNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.CampaignTransitionNotAllowed]: HttpStatus.CONFLICT,
  [ErrorCode.ReportQueueFull]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.ReportTimeout]: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * A failure the service expects and names: its `code`, a message for people, and the `details`
 * and response headers it carries. Its HTTP status comes from {@link ERROR_STATUS}.
 */
export class DomainError extends Error {
  readonly status: HttpStatus;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/** Whether `error` is the domain error `code`. */
export const isDomainError = (error: unknown, code: ErrorCode): error is DomainError =>
  error instanceof DomainError && error.code === code;

// Errors without details of their own: one factory each, so that a message is written once.

/** Missing or wrong `Authorization: Bearer <key>` → 401. */
export const InvalidApiKey = (): DomainError =>
  new DomainError(ErrorCode.InvalidApiKey, 'A valid API key is required: Authorization: Bearer <key>', undefined, {
    'WWW-Authenticate': 'Bearer',
  });

/** Missing, malformed, forged, stale or wrong-key `x-retell-signature` → 401. */
export const InvalidSignature = (): DomainError =>
  new DomainError(ErrorCode.InvalidSignature, 'Invalid or missing x-retell-signature');

/** No candidate with this id → 404. */
export const CandidateNotFound = (id: number): DomainError =>
  new DomainError(ErrorCode.CandidateNotFound, `Candidate ${id} not found`);

/** No call with this call_id → 404. */
export const CallNotFound = (callId: string): DomainError =>
  new DomainError(ErrorCode.CallNotFound, `Call ${callId} not found`);

/** No stored event with this id → 404. */
export const EventNotFound = (id: number): DomainError =>
  new DomainError(ErrorCode.EventNotFound, `Event ${id} not found`);

/**
 * The event's payload was cleared (by EVENT_PAYLOAD_RETENTION_DAYS, or when its candidate was
 * erased): there is nothing left to apply → 409.
 */
export const EventPayloadCleared = (id: number): DomainError =>
  new DomainError(
    ErrorCode.EventPayloadCleared,
    `Event ${id} has no payload any more (retention or erasure); it cannot be replayed`,
  );

/** A verified Retell event could not be stored durably → 503 with Retry-After, so that Retell retries. */
export const EventNotStored = (): DomainError =>
  new DomainError(ErrorCode.EventNotStored, 'The event could not be stored; retry later', undefined, {
    'Retry-After': '5',
  });

/**
 * The database refuses the event's data for good (a value out of its range, nesting past its
 * limit) → 422: a retry would fail the same way, so Retell must not retry.
 */
export const EventNotStorable = (): DomainError =>
  new DomainError(ErrorCode.EventNotStorable, 'The event holds data the database cannot store; it was not stored');

/** Placing calls needs RETELL_FROM_NUMBER and an agent → 503 until they are configured. */
export const CallingNotConfigured = (missing: string): DomainError =>
  new DomainError(ErrorCode.CallingNotConfigured, `Placing calls is not configured: set ${missing}`);

/**
 * Retell did not answer (timeout, connection refused) or a gateway in front of it answered
 * 502/503/504 → 502; whether the request took effect is unknown.
 */
export const RetellUnavailable = (message = 'Retell did not answer'): DomainError =>
  new DomainError(ErrorCode.RetellUnavailable, message);

/** No interview with this id → 404. */
export const InterviewNotFound = (id: number): DomainError =>
  new DomainError(ErrorCode.InterviewNotFound, `Interview ${id} not found`);

/** A cancelled interview cannot be changed → 409; book a new one. */
export const InterviewNotChangeable = (id: number): DomainError =>
  new DomainError(
    ErrorCode.InterviewNotChangeable,
    `Interview ${id} is cancelled and cannot be changed; book a new one`,
  );

/** No notification with this id → 404. */
export const NotificationNotFound = (id: number): DomainError =>
  new DomainError(ErrorCode.NotificationNotFound, `Notification ${id} not found`);

/** No calendar feed token with this id → 404. */
export const CalendarFeedTokenNotFound = (id: number): DomainError =>
  new DomainError(ErrorCode.CalendarFeedTokenNotFound, `Calendar feed token ${id} not found`);

/** Missing or wrong `token` on the calendar feed → 401. */
export const InvalidFeedToken = (): DomainError =>
  new DomainError(
    ErrorCode.InvalidFeedToken,
    'A valid calendar feed token is required: ?token=<a token of POST /api/calendar-feed/tokens>',
  );

/** No campaign with this id → 404. */
export const CampaignNotFound = (id: number): DomainError =>
  new DomainError(ErrorCode.CampaignNotFound, `Campaign ${id} not found`);

/**
 * DB_READ_QUEUE_MAX reports already wait for the database share of reports → 429 with
 * Retry-After; webhooks and the rest of the API are not affected.
 */
export const ReportQueueFull = (): DomainError =>
  new DomainError(ErrorCode.ReportQueueFull, 'Too many reports are waiting; retry later', undefined, {
    'Retry-After': '5',
  });

/**
 * A report waited for its turn, or ran a statement, longer than DB_READ_TIMEOUT_MS → 503 with
 * Retry-After; narrow the range or retry later.
 */
export const ReportTimeout = (): DomainError =>
  new DomainError(
    ErrorCode.ReportTimeout,
    'The report did not finish within its time budget; narrow the range or retry later',
    undefined,
    { 'Retry-After': '10' },
  );

// Errors that carry details: a class each, for their typed fields.

/**
 * The campaign cannot `action` from its status (start a running one, resume a cancelled one, add
 * candidates to a finished one) → 409 with `details.status` and `details.action`.
 */
export class CampaignTransitionNotAllowed extends DomainError {
  constructor(id: number, status: string, action: string) {
    super(ErrorCode.CampaignTransitionNotAllowed, `Campaign ${id} is ${status}: it cannot ${action}`, {
      status,
      action,
    });
  }
}

/**
 * Another candidate has this e-mail address (compared case-insensitively) → 409 naming it: a
 * candidate is identified by e-mail; open that one instead.
 */
export class CandidateExists extends DomainError {
  constructor(candidateId: number) {
    super(ErrorCode.CandidateExists, `Candidate ${candidateId} already has this e-mail address`, {
      candidate_id: candidateId,
    });
  }
}

/** A duplicate delivery has nothing of its own to replay → 409, naming the original. */
export class EventNotReplayable extends DomainError {
  constructor(id: number, original: number) {
    super(ErrorCode.EventNotReplayable, `Event ${id} is a duplicate delivery; replay event ${original} instead`, {
      duplicate_of: original,
    });
  }
}

/** The call data was stored as an event but applying it failed → 500; the event can be replayed. */
export class CallDataNotApplied extends DomainError {
  constructor(eventId: number | null) {
    super(ErrorCode.CallDataNotApplied, `The call data was stored (event ${eventId}) but could not be applied`, {
      event_id: eventId,
    });
  }
}

/**
 * A manual save names a call that belongs to another candidate → 409. A call belongs to one
 * candidate; `?reassign=true` moves it explicitly.
 */
export class CallBelongsToAnotherCandidate extends DomainError {
  constructor(callId: string, ownerId: number) {
    super(
      ErrorCode.CallBelongsToAnotherCandidate,
      `Call ${callId} belongs to candidate ${ownerId}; send "reassign": true to move it`,
      { call_id: callId, candidate_id: ownerId },
    );
  }
}

/**
 * A manual save names a call whose candidate was erased → 409, nothing stored: the erased
 * person's call data is not taken in again, onto any candidate.
 */
export class CallErased extends DomainError {
  constructor(callId: string) {
    super(ErrorCode.CallErased, `Call ${callId} belonged to an erased candidate; its data is not stored again`, {
      call_id: callId,
    });
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
  constructor(
    readonly reason: DialRefusal,
    extra: Record<string, unknown> = {},
  ) {
    super(ErrorCode.CallNotAllowed, `The call is not allowed: ${reason}`, { reason, ...extra });
  }
}

/** Retell answered with an error → 502, with Retell's status and message (never the key). */
export class RetellRejected extends DomainError {
  constructor(
    readonly retellStatus: number,
    readonly retellMessage: string,
  ) {
    super(ErrorCode.RetellRejected, `Retell refused the request (${retellStatus})`, {
      retell_status: retellStatus,
      retell_message: retellMessage,
    });
  }
}

/** Retell rate-limited us (429) → 503 with Retry-After (seconds). */
export class RetellRateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RetellRateLimited, 'Retell is rate-limiting calls; retry later', undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

/** The candidate already has a scheduled interview → 409 naming it; move it with PATCH instead. */
export class InterviewAlreadyScheduled extends DomainError {
  constructor(candidateId: number, interviewId: number) {
    super(
      ErrorCode.InterviewAlreadyScheduled,
      `Candidate ${candidateId} already has scheduled interview ${interviewId}; change it with PATCH /api/interviews/${interviewId}`,
      { interview_id: interviewId },
    );
  }
}

/** A hired or withdrawn candidate gets no interview → 409 with `details.reason` `candidate_closed`. */
export class InterviewNotAllowed extends DomainError {
  constructor(candidateId: number) {
    super(ErrorCode.InterviewNotAllowed, `Candidate ${candidateId} is hired or withdrawn: no interview can be booked`, {
      reason: 'candidate_closed',
    });
  }
}

/** Only a `failed` notification can be sent again → 409 with its current status. */
export class NotificationNotRetryable extends DomainError {
  constructor(id: number, status: string) {
    super(
      ErrorCode.NotificationNotRetryable,
      `Notification ${id} is ${status}; only a failed notification can be retried`,
      { status },
    );
  }
}
