import { HttpStatus, Injectable } from '@nestjs/common';
import type { RetellCallObject } from '../calls/retell-call-object.js';
import { DomainError } from '../common/domain-errors.js';
import type { RetellCallDto } from '../webhooks/dto/retell-call.dto.js';
import { MANUAL_EVENT } from '../webhooks/retell-webhook-event.entity.js';
import { storableJson } from '../webhooks/storable-json.js';
import { sha256, WebhookIngestionService } from '../webhooks/webhook-ingestion.service.js';
import type { Candidate } from './candidate.entity.js';
import { CandidatesService } from './candidates.service.js';

/** The answer of the manual save, as seed 002 defines it. */
export interface SaveCallDataResult {
  success: true;
  message: string;
  candidate: Candidate;
}

/** The call data was stored as an event but applying it failed → 500; the event can be replayed. */
export class CallDataNotApplied extends DomainError {
  readonly status = HttpStatus.INTERNAL_SERVER_ERROR;
  constructor(eventId: number | null) {
    super(`The call data was stored (event ${eventId}) but could not be applied`);
  }
}

/**
 * `POST /api/candidates/:id/save_retell_call_data`: a recruiter saves a Retell call object by hand.
 * It goes through the same event log, mapper and rules as the webhook, recorded as a `manual` event;
 * the path id wins over `metadata.candidate_id`, and saving the same body twice has one effect.
 */
@Injectable()
export class CallDataSaveService {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly ingestion: WebhookIngestionService,
  ) {}

  /** @throws CandidateNotFound → 404 (nothing stored), EventNotStored → 503, CallDataNotApplied → 500 */
  async save(candidateId: number, call: RetellCallDto): Promise<SaveCallDataResult> {
    await this.candidates.findOne(candidateId);
    const envelope = JSON.parse(JSON.stringify({ event: MANUAL_EVENT, call })) as { call: RetellCallObject };
    const { text: payload, value } = storableJson(JSON.stringify(envelope), envelope);
    const result = await this.ingestion.ingest({
      event: MANUAL_EVENT,
      call: value.call,
      payload,
      // The same body saved onto another candidate is a different save.
      bodyHash: sha256(`${candidateId}\n${payload}`),
      candidateId,
    });
    if (result.outcome === 'failed') throw new CallDataNotApplied(result.event_id);
    return {
      success: true,
      message:
        result.outcome === 'duplicate' ? 'Retell call data already saved' : 'Retell call data saved successfully',
      candidate: await this.candidates.findOne(candidateId),
    };
  }
}
