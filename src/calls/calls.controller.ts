import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, RECRUITER_ERRORS } from '../common/api-errors.js';
import { ApiIdParam, ParseIdPipe } from '../common/parse-id.pipe.js';
import { CallsService, type SyncResult } from './calls.service.js';
import { CallView } from './dto/call-view.dto.js';
import { PlaceCallDto } from './dto/place-call.dto.js';
import { SyncResultDto } from './dto/sync-result.dto.js';
import { ApiCallIdParam, ParseCallIdPipe } from './parse-call-id.pipe.js';

const CANDIDATE_NOT_FOUND = 'No candidate with this id (candidate_not_found)';

@ApiTags('calls')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller()
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post('candidates/:id/calls')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Call a candidate through Retell',
    description:
      '404 unknown candidate; 409 with details.reason do_not_call | candidate_closed | call_in_progress | attempts_exhausted | outside_calling_hours (with details.next_allowed_at); 502 Retell error; 503 Retell rate limit (Retry-After) or calling not configured.',
  })
  @ApiIdParam()
  @ApiBody({ type: PlaceCallDto, required: false, description: 'optional, as is every field in it' })
  @ApiCreatedResponse({ type: CallView })
  @ApiErrors([...BODY_ERRORS, 404, 409, 502, 503], {
    404: CANDIDATE_NOT_FOUND,
    409: 'The call must not be placed (call_not_allowed): details.reason is do_not_call, candidate_closed, call_in_progress, attempts_exhausted or outside_calling_hours (with details.next_allowed_at and details.timezone)',
    503: 'Placing calls is not configured (calling_not_configured), Retell rate-limits the service (retell_rate_limited, with Retry-After), or the database is unavailable (Retry-After)',
  })
  placeCall(@Param('id', ParseIdPipe) id: number, @Body() dto: PlaceCallDto): Promise<CallView> {
    return this.calls.placeCall(id, dto);
  }

  @Get('candidates/:id/calls')
  @ApiOperation({ summary: "A candidate's calls, newest first" })
  @ApiIdParam()
  @ApiOkResponse({ type: [CallView] })
  @ApiErrors([400, 404], { 404: CANDIDATE_NOT_FOUND })
  listForCandidate(@Param('id', ParseIdPipe) id: number): Promise<CallView[]> {
    return this.calls.listForCandidate(id);
  }

  @Get('calls/:call_id')
  @ApiOperation({ summary: 'One call: status, disconnection_reason, duration, analysis summary, attempt' })
  @ApiCallIdParam()
  @ApiOkResponse({ type: CallView })
  @ApiErrors([400, 404], { 404: 'No call with this call_id (call_not_found)' })
  getCall(@Param('call_id', ParseCallIdPipe) callId: string): Promise<CallView> {
    return this.calls.getCall(callId);
  }

  @Post('calls/:call_id/sync')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Fetch the call from Retell and apply it like a webhook (a sync event)',
    description: '404 when Retell does not know the call',
  })
  @ApiCallIdParam()
  @ApiOkResponse({ type: SyncResultDto })
  @ApiErrors([400, 404, 502], { 404: 'Retell does not know the call (call_not_found)' })
  sync(@Param('call_id', ParseCallIdPipe) callId: string): Promise<SyncResult> {
    return this.calls.syncCall(callId);
  }
}
