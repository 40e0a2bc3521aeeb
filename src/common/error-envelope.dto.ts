import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ErrorCode } from './errors.js';

/** The error body, for the OpenAPI document (see {@link ErrorEnvelope}). */
@ApiSchema({ name: 'Error' })
export class ErrorEnvelopeDto {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'Not Found' })
  error: string;

  @ApiPropertyOptional({ enum: ErrorCode, description: 'the domain error, when there is one' })
  code?: ErrorCode;

  @ApiProperty({ example: 'Interview 7 not found' })
  message: string;

  @ApiPropertyOptional({
    description: 'per-field errors of a 400, or facts about a 409',
    type: 'object',
    additionalProperties: true,
  })
  details?: unknown;
}
