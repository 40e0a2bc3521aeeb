import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { ApiErrors, RECRUITER_ERRORS } from '../common/api-errors.js';
import { ChangeStream, HEARTBEAT_MS } from './change-stream.service.js';
import { ChangeDto } from './dto/change.dto.js';

@ApiTags('changes')
@ApiBearerAuth()
@ApiErrors(RECRUITER_ERRORS)
// The items of the `changes` event, so that clients generate their type (components.schemas.Change).
@ApiExtraModels(ChangeDto)
@Controller('changes')
export class ChangesController {
  constructor(private readonly changes: ChangeStream) {}

  @Sse('stream')
  @ApiOperation({
    summary: 'Follow committed changes (server-sent events)',
    description: [
      'A `text/event-stream` that stays open: one `ready` event when it opens, then a `changes` event for each committed write, whose `data` is a JSON array of `Change` (ids only, never personal data), and a `: heartbeat` comment line every',
      `${HEARTBEAT_MS / 1000} s. Changes made on any replica are sent (on Postgres, through LISTEN/NOTIFY).`,
      'The key goes in the `Authorization` header, so a browser reads it with `fetch` rather than `EventSource`.',
      'Changes made while a client was not connected are not replayed: refetch what you show on `ready`.',
    ].join(' '),
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The stream; e.g. `event: changes` / `data: [{"kind":"call","id":"call_abc","candidate_id":199}]`',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example:
          'event: ready\ndata: {"heartbeat_ms":15000}\n\nevent: changes\ndata: [{"kind":"candidate","id":199,"candidate_id":199}]\n\n: heartbeat\n\n',
      },
    },
  })
  stream(): Observable<MessageEvent> {
    return this.changes.open();
  }
}
