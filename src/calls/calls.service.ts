import { Injectable } from '@nestjs/common';
import { CallNotFound, CandidateNotFound } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { RetellCallsRepository } from '../database/repositories/retell-calls.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Dialer } from '../dialing/dialer.service.js';
import { RetellClient } from '../retell/retell.client.js';
import { toCallView, type CallView } from './dto/call-view.dto.js';
import type { PlaceCallDto } from './dto/place-call.dto.js';

/** The result of a sync: what became of the fetched call, and its record when there is one. */
export interface SyncResult {
  outcome: string;
  call: CallView | null;
}

/**
 * A recruiter's calls to candidates through Retell (placed safely by the {@link Dialer}), the call
 * history, and syncs of a call from Retell's API.
 */
@Injectable()
export class CallsService {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly calls: RetellCallsRepository,
    private readonly transactions: TransactionRunner,
    private readonly retell: RetellClient,
    private readonly dialer: Dialer,
    private readonly config: AppConfig,
  ) {}

  /**
   * Places a call through `client.call.createPhoneCall`, with `candidate_id` and `attempt` in its metadata.
   * @throws CandidateNotFound → 404; CallingNotConfigured → 503; CallNotAllowed → 409 (do_not_call,
   *   candidate_closed, call_in_progress, attempts_exhausted, outside_calling_hours);
   *   RetellRejected → 502 (the attempt is marked failed); RetellRateLimited → 503 with
   *   Retry-After (failed too); RetellUnavailable → 502 (a timeout or a 502/503/504: the call may
   *   exist, so the attempt stays `dialing` until the sweep learns its fate)
   */
  async placeCall(candidateId: number, dto: PlaceCallDto): Promise<CallView> {
    const reserved = await this.transactions.run((manager) =>
      this.dialer.reserve(manager, candidateId, {
        agentId: dto.agent_id,
        agentVersion: dto.agent_version,
        jobId: dto.job_id,
        recruiter: dto.recruiter,
        dynamicVariables: dto.dynamic_variables,
        maxAttempts: this.config.MAX_CALL_ATTEMPTS,
      }),
    );
    return toCallView(await this.dialer.dial(reserved));
  }

  /** The calls of a candidate, newest first. @throws CandidateNotFound → 404 */
  async listForCandidate(candidateId: number): Promise<CallView[]> {
    if (!(await this.candidates.exists(candidateId))) throw CandidateNotFound(candidateId);
    return (await this.calls.listForCandidate(candidateId, 100)).map(toCallView);
  }

  /** @throws CallNotFound → 404 */
  async getCall(callId: string): Promise<CallView> {
    const call = await this.calls.findByCallId(callId);
    if (!call) throw CallNotFound(callId);
    return toCallView(call);
  }

  /**
   * Fetches the call from Retell (`GET /v2/get-call`) and applies it like a webhook, recorded as a
   * `sync` event. @throws CallNotFound → 404 when Retell does not know the call
   */
  async syncCall(callId: string): Promise<SyncResult> {
    const call = await this.retell.retrieveCall(callId);
    if (!call) throw CallNotFound(callId);
    const result = await this.dialer.applyFetched(call);
    const record = await this.calls.findByCallId(callId);
    return { outcome: result.outcome, call: record ? toCallView(record) : null };
  }
}
