import { HttpStatus } from '@nestjs/common';

/** The JSON body of every error answer. */
export interface ErrorEnvelope {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

/** Builds the envelope; `error` is the standard reason phrase of the status. */
export function errorEnvelope(statusCode: number, message: string, details?: unknown): ErrorEnvelope {
  const name = HttpStatus[statusCode] ?? 'ERROR';
  const error = name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return details === undefined ? { statusCode, error, message } : { statusCode, error, message, details };
}
