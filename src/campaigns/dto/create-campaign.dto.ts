import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
} from 'class-validator';
import { MAX_INTEGER_ID } from '../../common/decimal-integer.js';
import { IsStringRecord } from '../../common/is-string-record.decorator.js';
import { AbsentOrValid } from '../../common/optional.decorator.js';
import { NoNul } from '../../common/safe-text.decorator.js';
import { isRetryDelay } from '../../rules/campaign-rules.js';
import { CampaignAudienceDto } from './campaign-audience.dto.js';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Each item is an ISO 8601 duration of 1 minute to 30 days. */
function AreRetryDelays(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'areRetryDelays',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.every((item) => typeof item === 'string' && isRetryDelay(item)),
        defaultMessage: () => 'retry_delays must be ISO 8601 durations of 1 minute to 30 days, such as "PT4H" or "P1D"',
      },
    });
}

/**
 * `POST /api/campaigns`: a campaign's name, audience, what its calls carry, cadence and limits.
 * Each optional field may be absent, never null.
 */
export class CreateCampaignDto extends CampaignAudienceDto {
  @ApiProperty({ example: 'Backend engineers, December', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @NoNul()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '45', description: 'in every call metadata (job_id)' })
  @AbsentOrValid()
  @IsString()
  @NoNul()
  @MaxLength(100)
  job_id?: string;

  @ApiPropertyOptional({
    example: 'agent_7d2f0c1e9b',
    description: 'Retell agent (override_agent_id); default RETELL_AGENT_ID',
  })
  @AbsentOrValid()
  @IsString()
  @Matches(/^[\w-]{1,100}$/, { message: 'agent_id must be a Retell agent id' })
  agent_id?: string;

  @ApiPropertyOptional({ example: 'Emma Johnson', description: 'the recruiter the agent speaks for' })
  @AbsentOrValid()
  @IsString()
  @NoNul()
  @MaxLength(200)
  recruiter?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { screening_questions: 'Years of TypeScript? Notice period?' },
    description: "retell_llm_dynamic_variables of every call (string values), merged over the candidate's own",
  })
  @AbsentOrValid()
  @IsStringRecord()
  dynamic_variables?: Record<string, string>;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10, default: 3 })
  @AbsentOrValid()
  @IsInt()
  @Min(1)
  @Max(10)
  max_attempts?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['PT4H', 'P1D'],
    default: ['PT4H', 'P1D'],
    description: 'ISO 8601 durations between attempts; the last one repeats',
  })
  @AbsentOrValid()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @AreRetryDelays()
  retry_delays?: string[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    default: 5,
    description: "calls in progress at once; never above what Retell's concurrency limit leaves",
  })
  @AbsentOrValid()
  @IsInt()
  @Min(1)
  @Max(100)
  max_concurrent_calls?: number;

  @ApiPropertyOptional({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    default: [1, 2, 3, 4, 5],
    description: "ISO weekdays (1 = Monday … 7 = Sunday) on which calls are placed, in each candidate's own zone",
  })
  @AbsentOrValid()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  calling_days?: number[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_INTEGER_ID, description: 'calls placed per day at most' })
  @AbsentOrValid()
  @IsInt()
  @Min(1)
  @Max(MAX_INTEGER_ID)
  daily_call_limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_INTEGER_ID,
    description: "US cents per day at most, counted from Retell's call_cost.combined_cost",
  })
  @AbsentOrValid()
  @IsInt()
  @Min(1)
  @Max(MAX_INTEGER_ID)
  daily_budget_cents?: number;
}
