import { HttpStatus } from '@nestjs/common';

/**
 * A failure the service expects and names. The exception filter turns it into
 * `{ statusCode, error, message, details? }` with `status`; nothing else maps errors to HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly status: HttpStatus;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/** No candidate with this id → 404. */
export class CandidateNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  constructor(id: number) {
    super(`Candidate ${id} not found`);
  }
}

/** No call with this call_id → 404. */
export class CallNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  constructor(callId: string) {
    super(`Call ${callId} not found`);
  }
}

/** A verified Retell event could not be stored durably → 503, so that Retell retries. */
export class EventNotStored extends DomainError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  constructor() {
    super('The event could not be stored; retry later');
  }
}

/** No stored event with this id → 404. */
export class EventNotFound extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  constructor(id: number) {
    super(`Event ${id} not found`);
  }
}

/** A duplicate delivery has nothing of its own to replay → 409, naming the original. */
export class EventNotReplayable extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  override readonly details: Record<string, unknown>;
  constructor(id: number, original: number) {
    super(`Event ${id} is a duplicate delivery; replay event ${original} instead`);
    this.details = { duplicate_of: original };
  }
}
