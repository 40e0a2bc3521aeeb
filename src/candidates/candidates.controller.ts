import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, RECRUITER_ERRORS } from '../common/api-errors.js';
import { ApiIdParam, ParseIdPipe } from '../common/parse-id.pipe.js';
import { CandidateView } from '../views/candidate.view.js';
import { CandidateErasureService } from './candidate-erasure.service.js';
import { CandidatesService, type CandidatePage } from './candidates.service.js';
import { CandidatePageDto } from './dto/candidate-page.dto.js';
import { CreateCandidateDto } from './dto/create-candidate.dto.js';
import { ListCandidatesQuery } from './dto/list-candidates.query.js';
import { UpdateCandidateDto } from './dto/update-candidate.dto.js';

const NOT_FOUND = { 404: 'No candidate with this id (candidate_not_found)' };
const EMAIL_TAKEN =
  'Another candidate has this e-mail, case-insensitively (candidate_exists; details.candidate_id names it)';

@ApiTags('candidates')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller('candidates')
export class CandidatesController {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly erasure: CandidateErasureService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create a candidate',
    description:
      '400 names the invalid or refused field; 409 candidate_exists when another candidate has the e-mail (case-insensitively), naming it in details.candidate_id. Phones may be shared.',
  })
  @ApiCreatedResponse({ type: CandidateView })
  @ApiErrors([...BODY_ERRORS, 409], { 409: EMAIL_TAKEN })
  create(@Body() dto: CreateCandidateDto): Promise<CandidateView> {
    return this.candidates.create(dto);
  }

  @Get()
  @ApiOperation({
    summary: 'List candidates',
    description: 'Filtered, sorted (updated_at, created_at or name), paged by cursor, with the total that match',
  })
  @ApiOkResponse({ type: CandidatePageDto })
  @ApiErrors([400], {
    400: 'An invalid filter, or a cursor that is not a next_cursor of this endpoint with the same sort',
  })
  list(@Query() query: ListCandidatesQuery): Promise<CandidatePage> {
    return this.candidates.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a candidate', description: '404 unknown id, 400 malformed id' })
  @ApiIdParam()
  @ApiOkResponse({ type: CandidateView })
  @ApiErrors([400, 404], NOT_FOUND)
  findOne(@Param('id', ParseIdPipe) id: number): Promise<CandidateView> {
    return this.candidates.findOne(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update profile, status or do_not_call', description: 'retell_* fields are read-only' })
  @ApiIdParam()
  @ApiOkResponse({ type: CandidateView })
  @ApiErrors([...BODY_ERRORS, 404, 409], { ...NOT_FOUND, 409: EMAIL_TAKEN })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateCandidateDto): Promise<CandidateView> {
    return this.candidates.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Erase a candidate (right to erasure)',
    description:
      'Deletes the candidate and its calls, and clears every stored payload of its calls; later events of its calls are kept without their data. 404 unknown id, 400 malformed id.',
  })
  @ApiIdParam()
  @ApiNoContentResponse({ description: 'Erased' })
  @ApiErrors([400, 404], NOT_FOUND)
  erase(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.erasure.erase(id);
  }
}
