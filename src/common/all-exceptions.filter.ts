import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-errors.js';
import { errorEnvelope, type ErrorEnvelope } from './error-envelope.js';

// Postgres unreachable, connection lost, or a statement/lock timeout.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '57014',
  '08000',
  '08001',
  '08003',
  '08006',
  '55P03',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(error.message)
  );
}

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
    let envelope: ErrorEnvelope;
    if (exception instanceof DomainError) {
      envelope = errorEnvelope(exception.status, exception.message, exception.details);
      for (const [name, value] of Object.entries(exception.headers ?? {})) response.setHeader(name, value);
    } else if (exception instanceof HttpException) {
      envelope = fromHttpException(exception);
    } else if (isDatabaseUnavailable(exception)) {
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
    response.status(envelope.statusCode).json(envelope);
  }
}
