import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, RECRUITER_ERRORS } from '../common/api-errors.js';
import type { Page } from '../common/paging.js';
import { ApiIdParam, ParseIdPipe } from '../common/parse-id.pipe.js';
import { Public } from '../common/public.decorator.js';
import { InterviewView } from '../views/interview.view.js';
import { BookInterviewDto } from './dto/book-interview.dto.js';
import { ListInterviewsQuery } from './dto/list-interviews.query.js';
import { InterviewPageDto } from './dto/pages.dto.js';
import { UpdateInterviewDto } from './dto/update-interview.dto.js';
import { InterviewsService } from './interviews.service.js';

const ICS = 'text/calendar; charset=utf-8';
const NOT_FOUND = { 404: 'No interview with this id (interview_not_found)' };

@ApiTags('interviews')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller()
export class InterviewsController {
  constructor(private readonly interviews: InterviewsService) {}

  @Get('interviews')
  @ApiOperation({
    summary: 'List interviews',
    description: 'By starts_at (upcoming first, from now by default), paged by cursor',
  })
  @ApiOkResponse({ type: InterviewPageDto })
  @ApiErrors([400], { 400: 'An invalid filter, or a cursor that is not a next_cursor of this endpoint' })
  list(@Query() query: ListInterviewsQuery): Promise<Page<InterviewView>> {
    return this.interviews.list(query);
  }

  @Get('interviews/:id')
  @ApiOperation({ summary: 'Read an interview' })
  @ApiIdParam()
  @ApiOkResponse({ type: InterviewView })
  @ApiErrors([400, 404], NOT_FOUND)
  findOne(@Param('id', ParseIdPipe) id: number): Promise<InterviewView> {
    return this.interviews.findOne(id);
  }

  @Post('candidates/:id/interviews')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Book an interview for a candidate',
    description: 'Writes the invitation e-mail in the same transaction; the candidate becomes interviewing.',
  })
  @ApiIdParam()
  @ApiCreatedResponse({ type: InterviewView })
  @ApiErrors([...BODY_ERRORS, 404, 409], {
    404: 'No candidate with this id (candidate_not_found)',
    409: 'interview_already_scheduled (details.interview_id) or interview_not_allowed (hired or withdrawn)',
  })
  book(@Param('id', ParseIdPipe) id: number, @Body() dto: BookInterviewDto): Promise<InterviewView> {
    return this.interviews.book(id, dto);
  }

  @Patch('interviews/:id')
  @ApiOperation({
    summary: 'Move, change or cancel an interview',
    description: 'Each change adds one to sequence and sends an update (or cancellation) e-mail.',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: InterviewView })
  @ApiErrors([...BODY_ERRORS, 404, 409], { ...NOT_FOUND, 409: 'interview_not_changeable: it is cancelled' })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateInterviewDto): Promise<InterviewView> {
    return this.interviews.update(id, dto);
  }

  @Get('interviews/:id/invite.ics')
  @Header('Content-Type', ICS)
  @ApiOperation({ summary: "The interview's calendar invite (METHOD:REQUEST, or CANCEL once cancelled)" })
  @ApiIdParam()
  @ApiOkResponse({ description: 'RFC 5545 calendar', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiErrors([400, 404], NOT_FOUND)
  invite(@Param('id', ParseIdPipe) id: number): Promise<string> {
    return this.interviews.invite(id);
  }

  @Get('calendar.ics')
  @Public()
  // Its own rate-limit bucket per address: made-up API keys from the same address do not block the feed.
  @Throttle({ default: { getTracker: (req: Record<string, unknown>) => `feed:${String(req.ip)}` } })
  @Header('Content-Type', ICS)
  @Header('Cache-Control', 'no-store')
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Calendar feed of every scheduled interview, to subscribe to',
    description:
      'No API key: the token is a personal one (POST /api/calendar-feed/tokens) not revoked, or the deprecated CALENDAR_FEED_TOKEN. 401 otherwise.',
  })
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({
    description: 'RFC 5545 calendar (METHOD:PUBLISH)',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiErrors([401, 429], { 401: 'Missing, wrong or revoked token (invalid_feed_token)' })
  feed(@Query('token') token?: string): Promise<string> {
    return this.interviews.feed(token);
  }
}
