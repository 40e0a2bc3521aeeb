import { SkipThrottle } from '@nestjs/throttler';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/public.decorator.js';
import { RetellWebhookDto } from '../retell/dto/retell-call.dto.js';
import { RetellSignatureGuard } from '../retell/retell-signature.guard.js';
import { webhookEnvelope } from './envelope.js';
import { IngestResultDto } from './dto/ingest-result.dto.js';
import { IngestionService, type IngestResult } from './ingestion.service.js';

@ApiTags('webhooks')
@SkipThrottle()
@Controller('webhooks/retell')
export class WebhooksController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post()
  @Public()
  @UseGuards(RetellSignatureGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Retell's webhook",
    description:
      'Signed by Retell (no API key). 401 bad signature, 413 body over WEBHOOK_BODY_LIMIT, 400 malformed JSON or missing event / call.call_id, 503 when the event could not be stored (Retell retries). Duplicates, unknown event types and unknown candidates are answered 200.',
  })
  @ApiHeader({
    name: 'x-retell-signature',
    required: true,
    description: 'v=<unix ms>,d=<hex HMAC-SHA256 of body + timestamp>',
  })
  @ApiBody({ type: RetellWebhookDto })
  @ApiOkResponse({ type: IngestResultDto })
  receive(@Body() raw: Buffer): Promise<IngestResult> {
    return this.ingestion.ingest(webhookEnvelope(raw));
  }
}
