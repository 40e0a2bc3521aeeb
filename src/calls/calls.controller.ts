import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CallsService, type SyncResult } from './calls.service.js';
import { CallView } from './dto/call-view.dto.js';
import { PlaceCallDto } from './dto/place-call.dto.js';
import { SyncResultDto } from './dto/sync-result.dto.js';
import { ParseCallIdPipe } from './parse-call-id.pipe.js';

@ApiTags('calls')
@ApiBearerAuth()
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
  @ApiCreatedResponse({ type: CallView })
  placeCall(@Param('id', ParseIdPipe) id: number, @Body() dto: PlaceCallDto): Promise<CallView> {
    return this.calls.placeCall(id, dto);
  }

  @Get('candidates/:id/calls')
  @ApiOperation({ summary: "A candidate's calls, newest first" })
  @ApiOkResponse({ type: [CallView] })
  listForCandidate(@Param('id', ParseIdPipe) id: number): Promise<CallView[]> {
    return this.calls.listForCandidate(id);
  }

  @Get('calls/:call_id')
  @ApiOperation({ summary: 'One call: status, disconnection_reason, duration, analysis summary, attempt' })
  @ApiOkResponse({ type: CallView })
  getCall(@Param('call_id', ParseCallIdPipe) callId: string): Promise<CallView> {
    return this.calls.getCall(callId);
  }

  @Post('calls/:call_id/sync')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Fetch the call from Retell and apply it like a webhook (a sync event)',
    description: '404 when Retell does not know the call',
  })
  @ApiOkResponse({ type: SyncResultDto })
  sync(@Param('call_id', ParseCallIdPipe) callId: string): Promise<SyncResult> {
    return this.calls.syncCall(callId);
  }
}
