import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './errors.js';
import { errorEnvelope, type ErrorEnvelope } from './error-envelope.js';
import { isTransientDatabaseError } from './transient-errors.js';

function fromHttpException(exception: HttpException): ErrorEnvelope {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return errorEnvelope(status, response);
  const { message, details } = response as { message?: unknown; details?: unknown };
  if (message === undefined) return errorEnvelope(status, exception.message, response);
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return errorEnvelope(status, text, details);
}

/**
 * The one place errors become HTTP answers: `{ statusCode, error, message, details? }`, never a
 * stack trace. Domain errors carry their status; an unknown error is a 500, logged once with the
 * request id (pino adds it) and its type only, never the request body or the error's message.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    // Refused before its body was read (a bad key, a rate limit): close rather than drain it.
    if (!host.switchToHttp().getRequest<Request>().complete) response.setHeader('Connection', 'close');
    let envelope: ErrorEnvelope;
    if (exception instanceof DomainError) {
      envelope = errorEnvelope(exception.status, exception.message, exception.details, exception.code);
      for (const [name, value] of Object.entries(exception.headers ?? {})) response.setHeader(name, value);
    } else if (exception instanceof HttpException) {
      envelope = fromHttpException(exception);
    } else if (isTransientDatabaseError(exception)) {
      this.logger.error({ type: (exception as Error).name }, 'database unavailable');
      envelope = errorEnvelope(HttpStatus.SERVICE_UNAVAILABLE, 'The database is unavailable; retry later');
      response.setHeader('Retry-After', '5');
    } else {
      const type = exception instanceof Error ? exception.name : typeof exception;
      // Only the stack's frames: its other lines hold the message, which may quote personal data.
      const frames =
        exception instanceof Error
          ? exception.stack
              ?.split('\n')
              .filter((line) => line.startsWith('    at '))
              .join('\n')
          : undefined;
      this.logger.error({ type, frames }, 'unhandled error');
      envelope = errorEnvelope(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
    // A route's own Content-Type (text/calendar of the .ics routes) is set before it runs: the envelope is JSON.
    response.status(envelope.statusCode).type('application/json').json(envelope);
  }
}
