import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { NoNul } from '../../common/safe-text.decorator.js';
import { IsStringRecord } from '../../common/is-string-record.decorator.js';

/** `POST /api/candidates/:id/calls`: every field is optional. */
export class PlaceCallDto {
  @ApiPropertyOptional({ example: 'agent_7d2f0c1e9b', description: 'Retell agent; default RETELL_AGENT_ID' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w-]{1,100}$/, { message: 'agent_id must be a Retell agent id' })
  agent_id?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 3,
    description: "agent version; default the agent's current one",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  agent_version?: number;

  @ApiPropertyOptional({ example: '45', description: 'echoed back in the call metadata' })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(100)
  job_id?: string;

  @ApiPropertyOptional({ example: 'Emma Johnson', description: 'the recruiter the agent speaks for' })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(200)
  recruiter?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { interview_slots: 'Tuesday 3 PM or Wednesday 10 AM' },
    description: 'extra retell_llm_dynamic_variables (string values); they win over the built-in ones',
  })
  @IsOptional()
  @IsStringRecord()
  dynamic_variables?: Record<string, string>;
}
