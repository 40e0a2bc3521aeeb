import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Candidate } from '../candidates/candidate.entity.js';
import { Clock } from '../common/clock.js';
import { CallNotFound, CandidateNotFound, DomainError } from '../common/domain-errors.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { SYNC_EVENT } from '../webhooks/retell-webhook-event.entity.js';
import { storableJson } from '../webhooks/storable-json.js';
import { sha256, WebhookIngestionService } from '../webhooks/webhook-ingestion.service.js';
import { CallDataService } from './call-data.service.js';
import { checkCallingWindow, parseCallingWindow, type CallingWindow } from './calling-window.js';
import {
  ACTIVE_CALL_STATUSES,
  dialRefusal,
  dynamicVariables,
  type CallHistorySummary,
  type DialRefusal,
} from './dial-rules.js';
import { toCallView, type CallView } from './dto/call-view.dto.js';
import type { PlaceCallDto } from './dto/place-call.dto.js';
import {
  CallingNotConfigured,
  RetellRateLimited,
  RetellRejected,
  RetellGateway,
  RetellUnavailable,
} from './retell.gateway.js';
import { RetellCall } from './retell-call.entity.js';
import type { RetellCallObject } from './retell-call-object.js';

/** A call that must not be placed → 409 with `details.reason` (and `next_allowed_at` for calling hours). */
export class CallNotAllowed extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  override readonly details: Record<string, unknown>;
  constructor(
    readonly reason: DialRefusal | 'outside_calling_hours',
    extra: Record<string, unknown> = {},
  ) {
    super(`The call is not allowed: ${reason}`);
    this.details = { reason, ...extra };
  }
}

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
    @InjectRepository(RetellCall) private readonly calls: Repository<RetellCall>,
    private readonly transactions: TransactionRunner,
    private readonly gateway: RetellGateway,
    private readonly callData: CallDataService,
    private readonly ingestion: WebhookIngestionService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
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
      response = await this.gateway.createPhoneCall({
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
    await this.transactions.run((manager) => this.callData.apply(manager, response));
    return toCallView(await this.calls.findOneByOrFail({ id: record.id }));
  }

  /** The calls of a candidate, newest first. @throws CandidateNotFound → 404 */
  async listForCandidate(candidateId: number): Promise<CallView[]> {
    const exists = await this.transactions.run((manager) =>
      manager.getRepository(Candidate).existsBy({ id: candidateId }),
    );
    if (!exists) throw new CandidateNotFound(candidateId);
    const calls = await this.calls.find({
      where: { candidate_id: candidateId },
      order: { created_at: 'DESC', id: 'DESC' },
      take: 100,
    });
    return calls.map(toCallView);
  }

  /** @throws CallNotFound → 404 */
  async getCall(callId: string): Promise<CallView> {
    const call = await this.calls.findOneBy({ call_id: callId });
    if (!call) throw new CallNotFound(callId);
    return toCallView(call);
  }

  /**
   * Fetches the call from Retell (`GET /v2/get-call`) and applies it like a webhook, recorded as a
   * `sync` event. @throws CallNotFound → 404 when Retell does not know the call
   */
  async syncCall(callId: string): Promise<SyncResult> {
    const call = await this.gateway.retrieveCall(callId);
    if (!call) throw new CallNotFound(callId);
    const result = await this.applyFetched(call);
    const record = await this.calls.findOneBy({ call_id: callId });
    return { outcome: result.outcome, call: record ? toCallView(record) : null };
  }

  /** Applies a call object fetched from Retell's API through the event log, as a `sync` event. */
  applyFetched(call: RetellCallObject): ReturnType<WebhookIngestionService['ingest']> {
    const envelope = { event: SYNC_EVENT, call };
    const { text: payload, value } = storableJson(JSON.stringify(envelope), envelope);
    return this.ingestion.ingest({ event: SYNC_EVENT, call: value.call, payload, bodyHash: sha256(payload) });
  }

  private async reserveAttempt(manager: EntityManager, candidateId: number, dto: PlaceCallDto): Promise<Dial> {
    const candidate = await manager
      .getRepository(Candidate)
      .findOne({ where: { id: candidateId }, lock: { mode: 'pessimistic_write' } });
    if (!candidate) throw new CandidateNotFound(candidateId);
    const fromNumber = this.config.RETELL_FROM_NUMBER;
    const agentId = dto.agent_id ?? this.config.RETELL_AGENT_ID;
    if (!fromNumber) throw new CallingNotConfigured('RETELL_FROM_NUMBER');
    if (!agentId) throw new CallingNotConfigured('RETELL_AGENT_ID (or agent_id in the request)');
    const history = await this.history(manager, candidateId);
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
    const record = await manager.getRepository(RetellCall).save({
      candidate_id: candidate.id,
      call_status: 'dialing',
      attempt: history.lastAttempt + 1,
      agent_id: agentId,
      job_id: dto.job_id ?? null,
      recruiter: dto.recruiter ?? null,
    });
    return { candidate, record, zone, fromNumber, agentId };
  }

  private async history(
    manager: EntityManager,
    candidateId: number,
  ): Promise<CallHistorySummary & { lastAttempt: number }> {
    const [row] = await manager.query<{ active: number; attempts: number; last_attempt: number }[]>(
      `SELECT count(*) FILTER (WHERE call_status = ANY($2))::int AS active,
              count(*) FILTER (WHERE call_status <> 'failed')::int AS attempts,
              coalesce(max(attempt), 0)::int AS last_attempt
       FROM retell_calls WHERE candidate_id = $1`,
      [candidateId, ACTIVE_CALL_STATUSES],
    );
    return { active: row.active, attempts: row.attempts, lastAttempt: row.last_attempt };
  }

  /**
   * A refused or rate-limited dial is `failed` and does not count; a dial Retell never answered
   * stays `dialing`, since the call may exist, and blocks redials until the sweep resolves it.
   */
  private async recordDialFailure(record: RetellCall, error: unknown): Promise<void> {
    const refused = error instanceof RetellRejected || error instanceof RetellRateLimited;
    const reason =
      error instanceof RetellRejected
        ? `Retell ${error.retellStatus}: ${String(error.details.retell_message)}`
        : error instanceof RetellRateLimited
          ? 'Retell rate limit (429)'
          : error instanceof RetellUnavailable
            ? 'No answer from Retell; the call may have been placed and will be reconciled'
            : 'Unexpected error while placing the call';
    this.logger.warn({ attempt_id: record.id, refused }, 'call not placed');
    await this.transactions.run((manager) =>
      manager
        .getRepository(RetellCall)
        .update(
          { id: record.id },
          { ...(refused ? { call_status: 'failed' } : {}), dial_error: reason.slice(0, 1000) },
        ),
    );
  }
}
