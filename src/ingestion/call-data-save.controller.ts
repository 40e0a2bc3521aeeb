import { Body, Controller, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, RECRUITER_ERRORS } from '../common/api-errors.js';
import { ApiIdParam, ParseIdPipe } from '../common/parse-id.pipe.js';
import { RetellCallDto } from '../retell/dto/retell-call.dto.js';
import { CallDataSaveService, type SaveCallDataResult } from './call-data-save.service.js';
import { SaveCallDataQuery, SaveCallDataResultDto } from './dto/save-call-data.dto.js';

/** The manual save of seed 002: served under the candidate, owned by the ingestion pipeline. */
@ApiTags('candidates')
@ApiBearerAuth()
@Controller('candidates')
export class CallDataSaveController {
  constructor(private readonly callData: CallDataSaveService) {}

  @Post(':id/save_retell_call_data')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Save a Retell call object onto the candidate (seed 002)',
    description:
      'Also answers with a trailing slash. Same mapper and rules as the webhook, recorded as a manual event. The path id wins over metadata.candidate_id. 404 unknown candidate; 409 call_belongs_to_another_candidate unless ?reassign=true.',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: SaveCallDataResultDto })
  @ApiErrors([...RECRUITER_ERRORS, ...BODY_ERRORS, 404, 409, 500], {
    404: 'No candidate with this id (candidate_not_found); nothing is stored',
    409: 'The call belongs to another candidate (call_belongs_to_another_candidate, with details.call_id and details.candidate_id); send ?reassign=true to move it',
    500: 'The call data was stored but could not be applied (call_data_not_applied, with details.event_id for replay)',
    503: 'The event could not be stored (event_not_stored), or the database is unavailable; retry after Retry-After seconds',
  })
  saveRetellCallData(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: SaveCallDataQuery,
    @Body() call: RetellCallDto,
  ): Promise<SaveCallDataResult> {
    return this.callData.save(id, call, query.reassign);
  }
}
