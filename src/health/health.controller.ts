import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { ApiErrors } from '../common/api-errors.js';
import { Public } from '../common/public.decorator.js';

/** Indicator name → `{ status: 'up' | 'down', ... }`, as terminus reports it. */
const INDICATORS = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
  },
  example: { database: { status: 'up' } },
};

@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public()
  // Documented here: terminus's own 503 schema is not what the exception filter answers.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  // Open: an empty security requirement says no credentials are needed.
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Liveness and database ping',
    description: '503 when the database does not answer within 1 s',
  })
  @ApiOkResponse({
    description: 'The database answered',
    schema: {
      type: 'object',
      required: ['status', 'info', 'error', 'details'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: INDICATORS,
        error: INDICATORS,
        details: INDICATORS,
      },
    },
  })
  // 408: the one 4xx an open route without parameters can get (answered by the server itself).
  @ApiErrors([408, 503], {
    503: 'The database did not answer within 1 s: details holds the health check result ({ status: error, info, error, details })',
  })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 1000 })]);
  }
}
