import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/api-errors.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { Public } from '../common/public.decorator.js';
import { InterviewView } from '../ingestion/dto/interview.view.js';
import { BookInterviewDto } from './dto/book-interview.dto.js';
import { ListInterviewsQuery } from './dto/list-interviews.query.js';
import { CalendarFeedDto, InterviewPageDto } from './dto/pages.dto.js';
import { UpdateInterviewDto } from './dto/update-interview.dto.js';
import { InterviewsService, type InterviewPage } from './interviews.service.js';

const ICS = 'text/calendar; charset=utf-8';

@ApiTags('interviews')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorEnvelopeDto, description: 'missing or wrong API key' })
@Controller()
export class InterviewsController {
  constructor(private readonly interviews: InterviewsService) {}

  @Get('interviews')
  @ApiOperation({
    summary: 'List interviews',
    description: 'By starts_at (upcoming first, from now by default), paged by cursor',
  })
  @ApiOkResponse({ type: InterviewPageDto })
  @ApiBadRequestResponse({ type: ErrorEnvelopeDto, description: 'an invalid filter or cursor' })
  list(@Query() query: ListInterviewsQuery): Promise<InterviewPage> {
    return this.interviews.list(query);
  }

  @Get('interviews/:id')
  @ApiOperation({ summary: 'Read an interview' })
  @ApiOkResponse({ type: InterviewView })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto })
  @ApiBadRequestResponse({ type: ErrorEnvelopeDto, description: 'malformed id' })
  findOne(@Param('id', ParseIdPipe) id: number): Promise<InterviewView> {
    return this.interviews.findOne(id);
  }

  @Post('candidates/:id/interviews')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Book an interview for a candidate',
    description: 'Writes the invitation e-mail in the same transaction; the candidate becomes interviewing.',
  })
  @ApiCreatedResponse({ type: InterviewView })
  @ApiBadRequestResponse({ type: ErrorEnvelopeDto, description: 'names the invalid field' })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto, description: 'unknown candidate' })
  @ApiConflictResponse({
    type: ErrorEnvelopeDto,
    description: 'interview_already_scheduled (details.interview_id) or interview_not_allowed (hired or withdrawn)',
  })
  book(@Param('id', ParseIdPipe) id: number, @Body() dto: BookInterviewDto): Promise<InterviewView> {
    return this.interviews.book(id, dto);
  }

  @Patch('interviews/:id')
  @ApiOperation({
    summary: 'Move, change or cancel an interview',
    description: 'Each change adds one to sequence and sends an update (or cancellation) e-mail.',
  })
  @ApiOkResponse({ type: InterviewView })
  @ApiBadRequestResponse({ type: ErrorEnvelopeDto, description: 'names the invalid field' })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto })
  @ApiConflictResponse({ type: ErrorEnvelopeDto, description: 'interview_not_changeable: it is cancelled' })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateInterviewDto): Promise<InterviewView> {
    return this.interviews.update(id, dto);
  }

  @Get('interviews/:id/invite.ics')
  @Header('Content-Type', ICS)
  @ApiOperation({ summary: "The interview's calendar invite (METHOD:REQUEST, or CANCEL once cancelled)" })
  @ApiOkResponse({ description: 'RFC 5545 calendar', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto })
  invite(@Param('id', ParseIdPipe) id: number): Promise<string> {
    return this.interviews.invite(id);
  }

  @Get('calendar-feed')
  @ApiOperation({ summary: "The calendar feed's subscription path, or null when the feed is off" })
  @ApiOkResponse({ type: CalendarFeedDto })
  calendarFeed(): CalendarFeedDto {
    return this.interviews.calendarFeed();
  }

  @Get('calendar.ics')
  @Public()
  @Header('Content-Type', ICS)
  @Header('Cache-Control', 'no-store')
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Calendar feed of every scheduled interview, to subscribe to',
    description: 'No API key: the token is CALENDAR_FEED_TOKEN. 404 when it is unset.',
  })
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({
    description: 'RFC 5545 calendar (METHOD:PUBLISH)',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiUnauthorizedResponse({ type: ErrorEnvelopeDto, description: 'missing or wrong token' })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto, description: 'calendar_feed_disabled' })
  feed(@Query('token') token?: string): Promise<string> {
    return this.interviews.feed(token);
  }
}
