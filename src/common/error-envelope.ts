import { HttpStatus } from '@nestjs/common';
import type { ErrorCode } from './errors.js';

/**
 * The JSON body of every error answer. `code` names a domain error of the catalogue
 * (`src/common/errors.ts`); validation and other HTTP errors have none.
 */
export interface ErrorEnvelope {
  statusCode: number;
  error: string;
  code?: ErrorCode;
  message: string;
  details?: unknown;
}

/** Builds the envelope; `error` is the standard reason phrase of the status. */
export function errorEnvelope(statusCode: number, message: string, details?: unknown, code?: ErrorCode): ErrorEnvelope {
  const name = HttpStatus[statusCode] ?? 'ERROR';
  const error = name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return {
    statusCode,
    error,
    ...(code === undefined ? {} : { code }),
    message,
    ...(details === undefined ? {} : { details }),
  };
}
