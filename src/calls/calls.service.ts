import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed, type Change } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import {
  CallNotAllowed,
  CallNotFound,
  CallingNotConfigured,
  CandidateNotFound,
  RetellRateLimited,
  RetellRejected,
  ErrorCode,
  isDomainError,
} from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { parseCallingWindow, type CallingWindow } from '../config/calling-window.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import { SYNC_EVENT } from '../database/entities/retell-webhook-event.entity.js';
import type { RetellCall } from '../database/entities/retell-call.entity.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { CallDialingRepository } from '../database/repositories/call-dialing.repository.js';
import { RetellCallsRepository } from '../database/repositories/retell-calls.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { callEnvelope } from '../ingestion/envelope.js';
import { IngestionService, type IngestResult } from '../ingestion/ingestion.service.js';
import type { RetellCallObject } from '../retell/retell-call-object.js';
import { RetellClient } from '../retell/retell.client.js';
import { checkCallingWindow } from '../rules/calling-window.js';
import { ACTIVE_CALL_STATUSES, dialRefusal, dynamicVariables } from '../rules/dial-rules.js';
import { toCallView, type CallView } from './dto/call-view.dto.js';
import type { PlaceCallDto } from './dto/place-call.dto.js';

/** The result of a sync: what became of the fetched call, and its record when there is one. */
export interface SyncResult {
  outcome: string;
  call: CallView | null;
}

interface Dial {
  candidate: Candidate;
  record: RetellCall;
  /** The candidate's own IANA zone, when known (given, or learned by the agent in an earlier call). */
  zone: string | null;
  fromNumber: string;
  agentId: string;
}

/**
 * Places calls to candidates through Retell, safely, and reads the call history.
 * Every refusal is decided under the candidate's row lock, and the attempt row (`dialing`) is
 * written before Retell is called, so two simultaneous requests give one call and one 409.
 */
@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);
  private readonly window: CallingWindow;

  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly calls: RetellCallsRepository,
    private readonly dialing: CallDialingRepository,
    private readonly transactions: TransactionRunner,
    private readonly retell: RetellClient,
    private readonly ingestion: IngestionService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {
    this.window = parseCallingWindow(config.CALLING_WINDOW);
  }

  /**
   * Places a call through `client.call.createPhoneCall`, with `candidate_id` and `attempt` in its metadata.
   * @throws CandidateNotFound → 404; CallingNotConfigured → 503; CallNotAllowed → 409 (do_not_call,
   *   candidate_closed, call_in_progress, attempts_exhausted, outside_calling_hours);
   *   RetellRejected → 502 (the attempt is marked failed); RetellRateLimited → 503 with
   *   Retry-After (failed too); RetellUnavailable → 502 (a timeout or a 502/503/504: the call may
   *   exist, so the attempt stays `dialing` until the sweep learns its fate)
   */
  async placeCall(candidateId: number, dto: PlaceCallDto): Promise<CallView> {
    const { candidate, record, zone, fromNumber, agentId } = await this.transactions.run((manager) =>
      this.reserveAttempt(manager, candidateId, dto),
    );
    let response: RetellCallObject;
    try {
      response = await this.retell.createPhoneCall({
        from_number: fromNumber,
        to_number: candidate.phone,
        override_agent_id: agentId,
        ...(dto.agent_version !== undefined ? { override_agent_version: dto.agent_version } : {}),
        metadata: {
          candidate_id: String(candidate.id),
          ...(dto.job_id ? { job_id: dto.job_id } : {}),
          ...(dto.recruiter ? { recruiter: dto.recruiter } : {}),
          attempt: record.attempt,
        },
        retell_llm_dynamic_variables: dynamicVariables({
          candidate,
          recruiter: dto.recruiter,
          extra: dto.dynamic_variables,
        }),
        ...(zone ? { agent_override: { agent: { timezone: zone } } } : {}),
      });
    } catch (error) {
      await this.recordDialFailure(record, error);
      throw error;
    }
    // Recorded through the event log like any other call data (a sync of the create response).
    await this.applyFetched(response);
    const placed = await this.calls.findById(record.id);
    if (!placed) throw CallNotFound(response.call_id);
    return toCallView(placed);
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
    const result = await this.applyFetched(call);
    const record = await this.calls.findByCallId(callId);
    return { outcome: result.outcome, call: record ? toCallView(record) : null };
  }

  /** Applies a call object fetched from Retell's API through the event log, as a `sync` event. */
  applyFetched(call: RetellCallObject): Promise<IngestResult> {
    return this.ingestion.ingest(callEnvelope(SYNC_EVENT, call));
  }

  private async reserveAttempt(manager: EntityManager, candidateId: number, dto: PlaceCallDto): Promise<Dial> {
    const candidate = await this.candidates.lockForDial(manager, candidateId);
    if (!candidate) throw CandidateNotFound(candidateId);
    const fromNumber = this.config.RETELL_FROM_NUMBER;
    const agentId = dto.agent_id ?? this.config.RETELL_AGENT_ID;
    if (!fromNumber) throw CallingNotConfigured('RETELL_FROM_NUMBER');
    if (!agentId) throw CallingNotConfigured('RETELL_AGENT_ID (or agent_id in the request)');
    const history = await this.dialing.dialHistory(manager, candidateId, ACTIVE_CALL_STATUSES);
    const refusal = dialRefusal(candidate, history, this.config.MAX_CALL_ATTEMPTS);
    if (refusal) throw new CallNotAllowed(refusal);

    const zone = candidate.timezone;
    const localZone = zone ?? this.config.DEFAULT_TIMEZONE;
    const window = checkCallingWindow(this.clock.now(), localZone, this.window);
    if (!window.allowed) {
      throw new CallNotAllowed('outside_calling_hours', {
        next_allowed_at: window.nextAllowedAt.toISOString(),
        timezone: localZone,
      });
    }
    const record = await this.dialing.insertAttempt(manager, {
      candidate_id: candidate.id,
      attempt: history.lastAttempt + 1,
      agent_id: agentId,
      job_id: dto.job_id ?? null,
      recruiter: dto.recruiter ?? null,
    });
    this.feed.afterCommit(manager, ...attemptChanged(record));
    return { candidate, record, zone, fromNumber, agentId };
  }

  /**
   * A refused or rate-limited dial is `failed` and does not count; a dial Retell never answered
   * stays `dialing`, since the call may exist, and blocks redials until the sweep resolves it.
   */
  private async recordDialFailure(record: RetellCall, error: unknown): Promise<void> {
    const refused = error instanceof RetellRejected || error instanceof RetellRateLimited;
    const reason =
      error instanceof RetellRejected
        ? `Retell ${error.retellStatus}: ${error.retellMessage}`
        : error instanceof RetellRateLimited
          ? 'Retell rate limit (429)'
          : isDomainError(error, ErrorCode.RetellUnavailable)
            ? 'No answer from Retell; the call may have been placed and will be reconciled'
            : 'Unexpected error while placing the call';
    this.logger.warn({ attempt_id: record.id, refused }, 'call not placed');
    await this.transactions.run(async (manager) => {
      await this.dialing.recordDialFailure(manager, record.id, refused, reason.slice(0, 1000));
      this.feed.afterCommit(manager, ...attemptChanged(record));
    });
  }
}

/** An attempt row changed: its call, and the candidate's outreach (attempts, call in progress). */
function attemptChanged(record: RetellCall): Change[] {
  const candidateId = record.candidate_id;
  return [
    { kind: 'call', id: record.call_id ?? record.id, candidate_id: candidateId },
    { kind: 'candidate', id: candidateId, candidate_id: candidateId },
  ];
}
