import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import { DIAL_REFUSALS, ErrorCode, type DialRefusal } from './errors.js';
import type { ErrorEnvelope } from './error-envelope.js';
import type { FieldError } from './validation.js';

/** One invalid field of a 400, as the validation pipe reports it. */
@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'email', description: 'dotted path of the field, e.g. call_analysis.call_successful' })
  field: string;

  @ApiProperty({ type: [String], example: ['email must be an email'] })
  errors: string[];
}

/**
 * The `details` object of a domain error. Each key belongs to one `code` (said in its
 * description); an error carries only its own keys.
 */
@ApiSchema({ name: 'ErrorDetails' })
export class ErrorDetailsDto {
  @ApiPropertyOptional({
    enum: DIAL_REFUSALS,
    enumName: 'DialRefusal',
    description: 'call_not_allowed (409): why the call must not be placed',
  })
  reason?: DialRefusal;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'call_not_allowed with reason outside_calling_hours: the next start of the calling window (UTC)',
  })
  next_allowed_at?: string;

  @ApiPropertyOptional({
    example: 'America/Chicago',
    description: 'call_not_allowed with reason outside_calling_hours: the zone the window was read in',
  })
  timezone?: string;

  @ApiPropertyOptional({
    example: 'call_abc123xyz789',
    description: 'call_belongs_to_another_candidate (409): the call',
  })
  call_id?: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 199,
    description: 'call_belongs_to_another_candidate (409): the candidate the call belongs to',
  })
  candidate_id?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    description: 'event_not_replayable (409): the original delivery, to replay instead',
  })
  duplicate_of?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description: 'call_data_not_applied (500): the stored event, for replay',
  })
  event_id?: number | null;

  @ApiPropertyOptional({ type: 'integer', example: 422, description: "retell_rejected (502): Retell's HTTP status" })
  retell_status?: number;

  @ApiPropertyOptional({ description: "retell_rejected (502): Retell's error message" })
  retell_message?: string;
}

/** The body of every error answer (see `error-envelope.ts`). */
@ApiSchema({ name: 'ErrorEnvelope' })
export class ErrorEnvelopeDto implements ErrorEnvelope {
  @ApiProperty({ type: 'integer', example: 400, description: 'the HTTP status, repeated' })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request', description: 'the reason phrase of the status' })
  error: string;

  @ApiPropertyOptional({
    enum: ErrorCode,
    enumName: 'ErrorCode',
    description: 'the domain error, for errors of the catalogue; absent for validation and other HTTP errors',
  })
  code?: ErrorCode;

  @ApiProperty({ example: 'email must be an email', description: 'for people; never a stack trace' })
  message: string;

  @ApiPropertyOptional({
    description:
      'A 400 of the validation pipe lists each invalid field; a domain error gives its details (see ErrorDetails).',
    oneOf: [{ type: 'array', items: { $ref: getSchemaPath(FieldErrorDto) } }, { $ref: getSchemaPath(ErrorDetailsDto) }],
  })
  details?: FieldErrorDto[] | ErrorDetailsDto;
}

/** The error statuses an operation of this service can answer with the envelope. */
export type ErrorStatus = 400 | 401 | 404 | 408 | 409 | 413 | 415 | 429 | 500 | 502 | 503;

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer' } },
} as const;

const DEFAULTS: Record<ErrorStatus, ApiResponseOptions> = {
  400: { description: 'Invalid input: `message` names each invalid field, and `details` lists them' },
  401: {
    description: 'Missing or invalid API key (`invalid_api_key`)',
    headers: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
  },
  404: { description: 'Not found' },
  408: { description: 'The request did not arrive within HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS' },
  409: { description: 'Conflict: `code` and `details` say why' },
  413: { description: 'The request body is too large' },
  415: { description: 'Unsupported body encoding' },
  429: { description: 'Too many requests for this API key (THROTTLE_LIMIT)', headers: RETRY_AFTER },
  500: { description: 'Unexpected error (never a stack trace)' },
  502: { description: 'Retell refused the request (`retell_rejected`) or did not answer (`retell_unavailable`)' },
  503: {
    description: 'The database is unavailable; retry after `Retry-After` seconds',
    headers: RETRY_AFTER,
  },
};

/**
 * Declares the error answers of an operation (or of every operation of a controller), each with
 * the {@link ErrorEnvelopeDto} body. A description given here replaces the default one of its status.
 *
 * @example `@ApiErrors([400, 404], { 404: 'No candidate with this id (candidate_not_found)' })`
 */
export function ApiErrors(
  statuses: readonly ErrorStatus[],
  descriptions: Partial<Record<ErrorStatus, string>> = {},
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto, FieldErrorDto, ErrorDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({
        ...DEFAULTS[status],
        ...(descriptions[status] === undefined ? {} : { description: descriptions[status] }),
        status,
        type: ErrorEnvelopeDto,
      }),
    ),
  );
}

/** What every recruiter endpoint can answer, whatever it does: a bad key, the rate limit, the database down. */
export const RECRUITER_ERRORS: readonly ErrorStatus[] = [401, 429, 503];

/** What every endpoint that reads a JSON body can answer before it runs: malformed, too large, badly encoded. */
export const BODY_ERRORS: readonly ErrorStatus[] = [400, 413, 415];
