import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
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
import { CalendarFeedService } from './calendar-feed.service.js';
import {
  CalendarFeedTokenListDto,
  CreateCalendarFeedTokenDto,
  CreatedCalendarFeedTokenView,
} from './dto/calendar-feed-token.dto.js';
import { CalendarFeedDto } from './dto/pages.dto.js';

/** The calendar feed's personal tokens: create (shown once), list, revoke. */
@ApiTags('interviews')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller('calendar-feed')
export class CalendarFeedController {
  constructor(private readonly feed: CalendarFeedService) {}

  @Get()
  @ApiOperation({
    summary: 'Where the calendar feed and its tokens are',
    description: 'The feed takes a personal token: create one to get a subscription path',
  })
  @ApiOkResponse({ type: CalendarFeedDto })
  describe(): Promise<CalendarFeedDto> {
    return this.feed.describe();
  }

  @Post('tokens')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create a personal calendar feed token',
    description: 'The answer is the only one that shows the token; only its hash is stored. Revoke it with DELETE.',
  })
  @ApiCreatedResponse({ type: CreatedCalendarFeedTokenView })
  @ApiErrors(BODY_ERRORS)
  create(@Body() dto: CreateCalendarFeedTokenDto): Promise<CreatedCalendarFeedTokenView> {
    return this.feed.create(dto.label);
  }

  @Get('tokens')
  @ApiOperation({
    summary: 'List calendar feed tokens',
    description: 'Newest first, revoked ones included; never the tokens',
  })
  @ApiOkResponse({ type: CalendarFeedTokenListDto })
  list(): Promise<CalendarFeedTokenListDto> {
    return this.feed.list();
  }

  @Delete('tokens/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Revoke a calendar feed token',
    description: 'At once, without a restart; revoking again does nothing',
  })
  @ApiIdParam()
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors([400, 404], { 404: 'No token with this id (calendar_feed_token_not_found)' })
  revoke(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.feed.revoke(id);
  }
}
