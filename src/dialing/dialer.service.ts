import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed, type Change } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import {
  CallNotAllowed,
  CallNotFound,
  CallingNotConfigured,
  CandidateNotFound,
  ErrorCode,
  RetellRateLimited,
  RetellRejected,
  isDomainError,
} from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { parseCallingWindow, type CallingWindow } from '../config/calling-window.js';
import type { Candidate } from '../database/entities/candidate.entity.js';
import type { RetellCall } from '../database/entities/retell-call.entity.js';
import { SYNC_EVENT } from '../database/entities/retell-webhook-event.entity.js';
import { CallDialingRepository } from '../database/repositories/call-dialing.repository.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { RetellCallsRepository } from '../database/repositories/retell-calls.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { callEnvelope } from '../ingestion/envelope.js';
import { IngestionService, type IngestResult } from '../ingestion/ingestion.service.js';
import type { RetellCallObject } from '../retell/retell-call-object.js';
import { RetellClient } from '../retell/retell.client.js';
import { checkCallingWindow } from '../rules/calling-window.js';
import { ACTIVE_CALL_STATUSES, dialRefusal, dynamicVariables } from '../rules/dial-rules.js';

/** What a call carries, from a recruiter's request or a campaign's settings. */
export interface DialRequest {
  /** Retell agent (`override_agent_id`); default RETELL_AGENT_ID. */
  agentId?: string | null;
  agentVersion?: number;
  jobId?: string | null;
  recruiter?: string | null;
  /** String values merged over the candidate's own variables. */
  dynamicVariables?: Record<string, string>;
  campaignId?: number | null;
  /** The dial rules' cap on the candidate's attempts (MAX_CALL_ATTEMPTS for a recruiter's call). */
  maxAttempts: number;
}

/** An attempt recorded (`dialing`) and not yet sent to Retell. */
export interface ReservedDial {
  candidate: Candidate;
  record: RetellCall;
  request: DialRequest;
  fromNumber: string;
  agentId: string;
}

/**
 * Places calls safely, for a recruiter's "Call now" and for campaigns alike: {@link reserve} decides
 * under the candidate's row lock and writes the attempt row (`dialing`) before Retell is called, so
 * two simultaneous dials of one candidate give one call; {@link dial} then calls
 * `client.call.createPhoneCall` with `candidate_id`, `attempt` (and `job_id`, `campaign_id`) in
 * its metadata and records the create response through the event log.
 */
@Injectable()
export class Dialer {
  private readonly logger = new Logger(Dialer.name);
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

  /** Whether calls can be placed: RETELL_FROM_NUMBER is set, and an agent (`agentId`, else RETELL_AGENT_ID). */
  canDial(agentId?: string | null): boolean {
    return Boolean(this.config.RETELL_FROM_NUMBER && (agentId ?? this.config.RETELL_AGENT_ID));
  }

  /**
   * Checks the candidate under its row lock (inside `manager`'s transaction) and records the attempt.
   * @throws CandidateNotFound → 404; CallingNotConfigured → 503; CallNotAllowed → 409 (do_not_call,
   *   candidate_closed, call_in_progress, attempts_exhausted, outside_calling_hours with
   *   `next_allowed_at`)
   */
  async reserve(manager: EntityManager, candidateId: number, request: DialRequest): Promise<ReservedDial> {
    const candidate = await this.candidates.lockForDial(manager, candidateId);
    if (!candidate) throw CandidateNotFound(candidateId);
    const fromNumber = this.config.RETELL_FROM_NUMBER;
    const agentId = request.agentId ?? this.config.RETELL_AGENT_ID;
    if (!fromNumber) throw CallingNotConfigured('RETELL_FROM_NUMBER');
    if (!agentId) throw CallingNotConfigured('RETELL_AGENT_ID (or agent_id in the request)');
    const history = await this.dialing.dialHistory(manager, candidateId, ACTIVE_CALL_STATUSES);
    const refusal = dialRefusal(candidate, history, request.maxAttempts);
    if (refusal) throw new CallNotAllowed(refusal);

    const localZone = candidate.timezone ?? this.config.DEFAULT_TIMEZONE;
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
      job_id: request.jobId ?? null,
      recruiter: request.recruiter ?? null,
      campaign_id: request.campaignId ?? null,
    });
    this.feed.afterCommit(manager, ...attemptChanged(record));
    return { candidate, record, request, fromNumber, agentId };
  }

  /**
   * Sends a reserved attempt to Retell and records the create response.
   * @returns the attempt row as recorded
   * @throws RetellRejected → 502 (the attempt is marked failed); RetellRateLimited → 503 with
   *   Retry-After (failed too); RetellUnavailable → 502 (a timeout or a 502/503/504: the call may
   *   exist, so the attempt stays `dialing` until the sweep learns its fate)
   */
  async dial({ candidate, record, request, fromNumber, agentId }: ReservedDial): Promise<RetellCall> {
    let response: RetellCallObject;
    try {
      response = await this.retell.createPhoneCall({
        from_number: fromNumber,
        to_number: candidate.phone,
        override_agent_id: agentId,
        ...(request.agentVersion !== undefined ? { override_agent_version: request.agentVersion } : {}),
        metadata: {
          candidate_id: String(candidate.id),
          ...(request.jobId ? { job_id: request.jobId } : {}),
          ...(request.recruiter ? { recruiter: request.recruiter } : {}),
          ...(request.campaignId ? { campaign_id: String(request.campaignId) } : {}),
          attempt: record.attempt,
        },
        retell_llm_dynamic_variables: dynamicVariables({
          candidate,
          recruiter: request.recruiter ?? undefined,
          extra: request.dynamicVariables,
        }),
        ...(candidate.timezone ? { agent_override: { agent: { timezone: candidate.timezone } } } : {}),
      });
    } catch (error) {
      await this.recordDialFailure(record, error);
      throw error;
    }
    // Recorded through the event log like any other call data (a sync of the create response).
    await this.applyFetched(response);
    const placed = await this.calls.findById(record.id);
    if (!placed) throw CallNotFound(response.call_id);
    return placed;
  }

  /** Applies a call object fetched from Retell's API through the event log, as a `sync` event. */
  applyFetched(call: RetellCallObject): Promise<IngestResult> {
    return this.ingestion.ingest(callEnvelope(SYNC_EVENT, call));
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
