import { Injectable } from '@nestjs/common';
import { CallDataNotApplied, CandidateNotFound } from '../common/errors.js';
import { MANUAL_EVENT } from '../database/entities/retell-webhook-event.entity.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import type { RetellCallDto } from '../retell/dto/retell-call.dto.js';
import { CandidateViews } from '../views/candidate-views.service.js';
import type { CandidateView } from '../views/candidate.view.js';
import { callEnvelope } from './envelope.js';
import { IngestionService } from './ingestion.service.js';

/** The answer of the manual save, as seed 002 defines it. */
export interface SaveCallDataResult {
  success: true;
  message: string;
  candidate: CandidateView;
}

/**
 * `POST /api/candidates/:id/save_retell_call_data`: a recruiter saves a Retell call object by hand.
 * It goes through the same event log, mapper and rules as the webhook, recorded as a `manual` event;
 * the path id wins over `metadata.candidate_id`, and saving the same body twice has one effect.
 */
@Injectable()
export class CallDataSaveService {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly ingestion: IngestionService,
    private readonly views: CandidateViews,
  ) {}

  /**
   * @param reassign move the call onto this candidate when it belongs to another one
   * @throws CandidateNotFound → 404 (nothing stored), CallBelongsToAnotherCandidate → 409 (nothing
   *         stored), EventNotStored → 503, CallDataNotApplied → 500 (stored; replay it)
   */
  async save(candidateId: number, call: RetellCallDto, reassign = false): Promise<SaveCallDataResult> {
    if (!(await this.candidates.exists(candidateId))) throw CandidateNotFound(candidateId);
    const result = await this.ingestion.ingest(callEnvelope(MANUAL_EVENT, call, String(candidateId)), {
      candidateId,
      reassign,
    });
    if (result.outcome === 'failed') throw new CallDataNotApplied(result.event_id);
    const candidate = await this.candidates.findById(candidateId);
    if (!candidate) throw CandidateNotFound(candidateId);
    return {
      success: true,
      message:
        result.outcome === 'duplicate' ? 'Retell call data already saved' : 'Retell call data saved successfully',
      candidate: await this.views.one(candidate),
    };
  }
}
