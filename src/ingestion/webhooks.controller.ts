import { SkipThrottle } from '@nestjs/throttler';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS } from '../common/api-errors.js';
import { Public } from '../common/public.decorator.js';
import { RetellWebhookDto } from '../retell/dto/retell-call.dto.js';
import { RETELL_SIGNATURE_SCHEME, RetellSignatureGuard } from '../retell/retell-signature.guard.js';
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
      'Signed by Retell (no API key). 401 bad signature (a request without a signature header is answered before its body is read), 413 body over WEBHOOK_BODY_LIMIT, 400 malformed JSON, a body that is not UTF-8 or nests deeper than 64 levels, or missing event / call.call_id, 422 data the database refuses, 503 when the event could not be stored (Retell retries). Duplicates, unknown event types and unknown candidates are answered 200.',
  })
  @ApiSecurity(RETELL_SIGNATURE_SCHEME.name)
  @ApiBody({ type: RetellWebhookDto })
  @ApiOkResponse({ type: IngestResultDto })
  @ApiErrors([...BODY_ERRORS, 401, 422, 503], {
    400: 'The body is not UTF-8 or not JSON, nests deeper than 64 levels, or has no event or no call.call_id',
    401: 'Missing, malformed, forged, stale or wrong-key x-retell-signature (invalid_signature); nothing is stored',
    413: 'The body is over WEBHOOK_BODY_LIMIT; nothing is stored',
    422: 'The database refuses the data for good (event_not_storable); nothing is stored, and a retry would fail alike',
    503: 'The event could not be stored (event_not_stored): Retell retries',
  })
  receive(@Body() raw: Buffer): Promise<IngestResult> {
    return this.ingestion.ingest(webhookEnvelope(raw));
  }
}
