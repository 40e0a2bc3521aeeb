import { Injectable } from '@nestjs/common';
import Retell, { APIConnectionError, APIError } from 'retell-sdk';
import type { CallCreatePhoneCallParams } from 'retell-sdk/resources/call';
import { RetellRateLimited, RetellRejected, RetellUnavailable } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import type { RetellCallObject } from './retell-call-object.js';

function retryAfter(error: { headers?: Headers }): number {
  const header = error.headers?.get('retry-after');
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 30;
}

function messageOf(error: { error?: unknown; message: string }): string {
  const body = (error.error ?? {}) as { message?: unknown; error_message?: unknown };
  const message = body.message ?? body.error_message;
  return typeof message === 'string' ? message : error.message;
}

/** Statuses of a gateway in front of Retell: the request may or may not have been carried out. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** Maps an SDK failure to the catalogue's Retell errors; anything else is rethrown. */
function translate(error: unknown): never {
  if (error instanceof APIConnectionError) throw RetellUnavailable();
  const status: unknown = error instanceof APIError ? error.status : undefined;
  if (typeof status === 'number' && GATEWAY_STATUSES.has(status)) {
    throw RetellUnavailable(`Retell answered ${status}; whether the request took effect is unknown`);
  }
  if (error instanceof APIError && status === 429) throw new RetellRateLimited(retryAfter(error));
  if (error instanceof APIError && typeof status === 'number') throw new RetellRejected(status, messageOf(error));
  throw error;
}

/**
 * The service's only door to Retell's REST API, through retell-sdk.
 * The client has `maxRetries: 0`: the SDK would otherwise retry a timed-out create-phone-call,
 * which can ring the candidate twice, and would sit out a 429's Retry-After inside a request.
 * Callers decide instead: a recruiter gets 503 with Retry-After, the sweep backs off.
 */
@Injectable()
export class RetellClient {
  private readonly client: Retell;

  constructor(config: AppConfig) {
    this.client = new Retell({
      apiKey: config.RETELL_API_KEY,
      baseURL: config.RETELL_BASE_URL ?? null,
      maxRetries: 0,
      timeout: config.RETELL_TIMEOUT_MS,
    });
  }

  /** `POST /v2/create-phone-call`. @throws RetellRejected → 502, RetellRateLimited → 503, RetellUnavailable → 502 */
  async createPhoneCall(params: CallCreatePhoneCallParams): Promise<RetellCallObject> {
    try {
      return (await this.client.call.createPhoneCall(params)) as unknown as RetellCallObject;
    } catch (error) {
      return translate(error);
    }
  }

  /** `GET /v2/get-call/{call_id}`; null when Retell does not know the call. */
  async retrieveCall(callId: string): Promise<RetellCallObject | null> {
    try {
      return (await this.client.call.retrieve(callId)) as unknown as RetellCallObject;
    } catch (error) {
      if (error instanceof APIError && error.status === 404) return null;
      return translate(error);
    }
  }

  /** `POST /v3/list-calls` filtered on our metadata: finds a call whose create response never reached us. */
  async findCallByAttempt(candidateId: number, attempt: number): Promise<RetellCallObject | null> {
    try {
      const page = await this.client.call.list({
        filter_criteria: {
          metadata: [
            { key: 'candidate_id', type: 'string', op: 'eq', value: String(candidateId) },
            { key: 'attempt', type: 'number', op: 'eq', value: attempt },
          ],
        },
        limit: 1,
      });
      return (page.items[0] as unknown as RetellCallObject | undefined) ?? null;
    } catch (error) {
      return translate(error);
    }
  }

  /**
   * `GET /get-concurrency`: the workspace's concurrency limit and its calls in progress, or null
   * when Retell does not answer (a campaign then keeps to its own cap).
   */
  async concurrency(): Promise<{ limit: number; current: number } | null> {
    try {
      const { concurrency_limit: limit, current_concurrency: current } = await this.client.concurrency.retrieve();
      return typeof limit === 'number' && typeof current === 'number' ? { limit, current } : null;
    } catch {
      return null;
    }
  }
}
