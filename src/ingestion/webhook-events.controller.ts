import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, RECRUITER_ERRORS } from '../common/api-errors.js';
import { ApiIdParam, ParseIdPipe } from '../common/parse-id.pipe.js';
import { EventPageDto } from './dto/event-page.dto.js';
import { IngestResultDto } from './dto/ingest-result.dto.js';
import { ListEventsQuery } from './dto/list-events.query.js';
import { WebhookEventsService } from './webhook-events.service.js';
import { IngestionService, type IngestResult } from './ingestion.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
@Controller('webhooks/retell/events')
export class WebhookEventsController {
  constructor(
    private readonly events: WebhookEventsService,
    private readonly ingestion: IngestionService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List stored events',
    description: 'Newest first; e.g. ?outcome=orphaned or ?outcome=failed',
  })
  @ApiOkResponse({ type: EventPageDto })
  @ApiErrors([400], { 400: 'An invalid filter or cursor' })
  list(@Query() query: ListEventsQuery): Promise<EventPageDto> {
    return this.events.list(query);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Apply a stored event again',
    description:
      'Recovers an orphaned event once its candidate exists, or a failed one. 404 unknown id, 409 for a duplicate delivery or a cleared payload.',
  })
  @ApiIdParam('id', 'the stored event')
  @ApiOkResponse({ type: IngestResultDto })
  @ApiErrors([400, 404, 409], {
    404: 'No stored event with this id (event_not_found)',
    409: 'The event is a duplicate delivery (event_not_replayable: replay details.duplicate_of instead), or its payload was cleared by retention or erasure (event_payload_cleared)',
  })
  replay(@Param('id', ParseIdPipe) id: number): Promise<IngestResult> {
    return this.ingestion.replay(id);
  }
}
