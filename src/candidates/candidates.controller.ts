import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { RetellCallDto } from '../webhooks/dto/retell-call.dto.js';
import { CallDataSaveService, type SaveCallDataResult } from './call-data-save.service.js';
import { Candidate } from './candidate.entity.js';
import { CandidatesService, type CandidatePage } from './candidates.service.js';
import { CandidatePageDto, SaveCallDataResultDto } from './dto/candidate-page.dto.js';
import { CreateCandidateDto } from './dto/create-candidate.dto.js';
import { ListCandidatesQuery } from './dto/list-candidates.query.js';
import { UpdateCandidateDto } from './dto/update-candidate.dto.js';

@ApiTags('candidates')
@ApiBearerAuth()
@Controller('candidates')
export class CandidatesController {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly callData: CallDataSaveService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a candidate', description: '400 names the invalid or refused field' })
  @ApiCreatedResponse({ type: Candidate })
  create(@Body() dto: CreateCandidateDto): Promise<Candidate> {
    return this.candidates.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List candidates', description: 'Filtered, sorted by updated_at, paged by cursor' })
  @ApiOkResponse({ type: CandidatePageDto })
  list(@Query() query: ListCandidatesQuery): Promise<CandidatePage> {
    return this.candidates.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a candidate', description: '404 unknown id, 400 malformed id' })
  @ApiOkResponse({ type: Candidate })
  findOne(@Param('id', ParseIdPipe) id: number): Promise<Candidate> {
    return this.candidates.findOne(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update profile, status or do_not_call', description: 'retell_* fields are read-only' })
  @ApiOkResponse({ type: Candidate })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateCandidateDto): Promise<Candidate> {
    return this.candidates.update(id, dto);
  }

  @Post(':id/save_retell_call_data')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Save a Retell call object onto the candidate (seed 002)',
    description:
      'Also answers with a trailing slash. Same mapper and rules as the webhook, recorded as a manual event. The path id wins over metadata.candidate_id.',
  })
  @ApiOkResponse({ type: SaveCallDataResultDto })
  saveRetellCallData(@Param('id', ParseIdPipe) id: number, @Body() call: RetellCallDto): Promise<SaveCallDataResult> {
    return this.callData.save(id, call);
  }
}
