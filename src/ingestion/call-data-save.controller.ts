import { Body, Controller, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
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
  @ApiOkResponse({ type: SaveCallDataResultDto })
  saveRetellCallData(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: SaveCallDataQuery,
    @Body() call: RetellCallDto,
  ): Promise<SaveCallDataResult> {
    return this.callData.save(id, call, query.reassign);
  }
}
