import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { EventPageDto } from './dto/event-page.dto.js';
import { IngestResultDto } from './dto/ingest-result.dto.js';
import { ListEventsQuery } from './dto/list-events.query.js';
import { WebhookEventsService } from './webhook-events.service.js';
import { IngestionService, type IngestResult } from './ingestion.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
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
  list(@Query() query: ListEventsQuery): Promise<EventPageDto> {
    return this.events.list(query);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Apply a stored event again',
    description:
      'Recovers an orphaned event once its candidate exists, or a failed one. 404 unknown id, 409 for a duplicate delivery.',
  })
  @ApiOkResponse({ type: IngestResultDto })
  replay(@Param('id', ParseIdPipe) id: number): Promise<IngestResult> {
    return this.ingestion.replay(id);
  }
}
