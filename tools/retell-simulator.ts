/**
 * A local stand-in for Retell's REST API and webhooks, for the e2e tests and `npm run demo`.
 * The real retell-sdk client talks to it through `RETELL_BASE_URL`.
 *
 * - `POST /v2/create-phone-call`, `GET /v2/get-call/{call_id}` and `POST /v3/list-calls` answer
 *   with Retell's shapes (retell-sdk's `PhoneCallResponse`, `CallListResponse`), after checking
 *   the bearer API key.
 * - `play(call_id)` then posts the call's webhooks the way Retell does, signed with `Retell.sign`:
 *   `call_started`, `call_analyzed` (before `call_ended`, as a non-blocking sender may), one
 *   duplicate delivery, and `call_ended`; a failed dial sends no `call_started`.
 * - How a call goes is chosen by the last three digits of the number called (docs/testing.md,
 *   "The Retell simulator"): …901 not interested, …902 voicemail, …903 busy, …904 no answer, any
 *   …905 asks not to be called again; any other number books an interview; `scripts` can set one
 *   per number instead.
 * - Timestamps are real: a call starts when its `call_started` is sent (never before it was
 *   placed) and ends when its end is sent, so its duration is the time the simulation took.
 * - `GET /get-concurrency` answers `concurrency_limit` (settable) and the calls not yet ended.
 * - Faults can be injected: the next create answers an error status, or hangs.
 *
 * It is a development tool: it never ships inside the service's `dist/`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import Retell from 'retell-sdk';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';

/** How a simulated call goes: the person books an interview or declines, voicemail answers, the line is busy, or nobody picks up. */
export type CallScript =
  'interview_scheduled' | 'not_interested' | 'do_not_call' | 'voicemail' | 'dial_busy' | 'dial_no_answer';

/** The outcome each suffix of the number called gives (documented in docs/testing.md). */
export const SCRIPT_SUFFIXES: Readonly<Record<string, CallScript>> = {
  '901': 'not_interested',
  '902': 'voicemail',
  '903': 'dial_busy',
  '904': 'dial_no_answer',
  '905': 'do_not_call',
};

/** The script of a number: by its last three digits, else `interview_scheduled`. */
export function scriptFor(toNumber: string): CallScript {
  return SCRIPT_SUFFIXES[toNumber.slice(-3)] ?? 'interview_scheduled';
}

export interface SimulatorOptions {
  /** The Retell API key: requests must carry it, and webhooks are signed with it. */
  apiKey: string;
  /** Where webhooks go; can be set later. */
  webhookUrl?: string;
  /** Play each call's webhooks as soon as it is created (the demo); tests call `play()` themselves. */
  autoPlay?: boolean;
  /** Milliseconds between webhooks of one call. */
  stepMs?: number;
}

/** One request the simulator received, for assertions such as "Retell was not called". */
export interface ReceivedRequest {
  method: string;
  path: string;
  body: unknown;
}

/** The simulated endpoints faults can be injected into. */
export type SimulatedRoute = 'create' | 'get' | 'list';

interface Fault {
  route: SimulatedRoute;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  hangMs?: number;
}

export class RetellSimulator {
  readonly calls = new Map<string, PhoneCallResponse>();
  readonly requests: ReceivedRequest[] = [];
  /** Webhook deliveries made, in order: event name and the HTTP status our service answered. */
  readonly deliveries: { event: string; call_id: string; status: number }[] = [];
  /** The script per destination number; other numbers get the one of their suffix ({@link scriptFor}). */
  readonly scripts = new Map<string, CallScript>();
  /** Screening answers per destination number, over a booked call's defaults (qualified, High, 6 years, 135,000). */
  readonly answers = new Map<string, Record<string, boolean | string | number>>();
  /** When each call was created and, once its `call_started` went out, when it started (epoch ms). */
  private readonly placedAt = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();
  webhookUrl: string | undefined;
  /** Retell's workspace concurrency limit, as `GET /get-concurrency` reports it. */
  concurrencyLimit = 20;
  /** The most calls in progress at once (registered or ongoing) seen so far. */
  peakConcurrency = 0;

  private server: Server | undefined;
  private faults: Fault[] = [];
  private playing = new Set<Promise<void>>();

  constructor(private readonly options: SimulatorOptions) {
    this.webhookUrl = options.webhookUrl;
  }

  /** Starts listening on 127.0.0.1; resolves to the base URL for `RETELL_BASE_URL`. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await this.idle();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next request to `route` answers `status` (e.g. 500, or 429 with Retry-After). */
  failNext(
    route: SimulatedRoute,
    status: number,
    message = 'simulated failure',
    headers?: Record<string, string>,
  ): void {
    this.faults.push({ route, status, body: { status: 'error', message }, headers });
  }

  /** The next create-phone-call creates the call but answers only after `ms` (a client timeout). */
  hangNextCreate(ms: number): void {
    this.faults.push({ route: 'create', status: 201, body: null, hangMs: ms });
  }

  private takeFault(route: SimulatedRoute): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.route === route);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  /** Resolves when every call being played has delivered all its webhooks. */
  async idle(): Promise<void> {
    while (this.playing.size > 0) await Promise.all([...this.playing]);
  }

  /** Changes a call as Retell would, without sending webhooks: a lost webhook, for sync tests. */
  advance(callId: string, script?: CallScript): PhoneCallResponse {
    const call = this.calls.get(callId);
    if (!call) throw new Error(`unknown call ${callId}`);
    const done = this.finalCall(call, script ?? this.scriptOf(call));
    this.calls.set(callId, done);
    return done;
  }

  /** Plays a call's webhooks, as Retell sends them; resolves when all are delivered. */
  play(callId: string, script?: CallScript): Promise<void> {
    const run = this.runScript(callId, script).finally(() => this.playing.delete(run));
    this.playing.add(run);
    return run;
  }

  /** Posts one webhook signed with `Retell.sign`, retrying up to 3 times on a non-2xx, like Retell. */
  async deliver(event: string, call: PhoneCallResponse): Promise<number> {
    if (!this.webhookUrl) throw new Error('no webhook URL');
    const body = JSON.stringify({ event, call });
    let status = 0;
    for (let attempt = 0; attempt <= 3; attempt++) {
      const response = await fetch(this.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-retell-signature': await Retell.sign(body, this.options.apiKey),
        },
        body,
      }).catch(() => undefined);
      status = response?.status ?? 0;
      await response?.arrayBuffer();
      if (status >= 200 && status < 300) break;
      await sleep(50);
    }
    this.deliveries.push({ event, call_id: call.call_id, status });
    return status;
  }

  private async runScript(callId: string, requested?: CallScript): Promise<void> {
    const call = this.calls.get(callId);
    if (!call) throw new Error(`unknown call ${callId}`);
    const script = requested ?? this.scriptOf(call);
    const step = (): Promise<void> => sleep(this.options.stepMs ?? 0);
    if (!isDialFailure(script)) {
      await step();
      const started: PhoneCallResponse = { ...call, call_status: 'ongoing', start_timestamp: this.startOf(callId) };
      this.calls.set(callId, started);
      await this.deliver('call_started', started);
    }
    await step();
    const final = this.finalCall(this.calls.get(callId) ?? call, script);
    const { call_analysis: _analysis, ...ended } = final;
    this.calls.set(callId, final);
    // Sent in order but without waiting: the analysis can overtake call_ended, and a retry can
    // deliver one event twice.
    await this.deliver('call_analyzed', final);
    await this.deliver('call_analyzed', final);
    await step();
    await this.deliver('call_ended', ended);
  }

  private scriptOf(call: PhoneCallResponse): CallScript {
    return this.scripts.get(call.to_number) ?? scriptFor(call.to_number);
  }

  /** When the call started: now, the first time it is asked (never before the call was placed). */
  private startOf(callId: string): number {
    const start = this.startedAt.get(callId) ?? Math.max(Date.now(), this.placedAt.get(callId) ?? 0);
    this.startedAt.set(callId, start);
    return start;
  }

  private finalCall(call: PhoneCallResponse, script: CallScript): PhoneCallResponse {
    if (isDialFailure(script)) {
      const end = Math.max(Date.now(), this.placedAt.get(call.call_id) ?? 0);
      const busy = script === 'dial_busy';
      return {
        ...call,
        call_status: 'not_connected',
        disconnection_reason: busy ? 'dial_busy' : 'dial_no_answer',
        end_timestamp: end,
        duration_ms: 0,
        call_analysis: {
          call_successful: false,
          in_voicemail: false,
          user_sentiment: 'Unknown',
          call_summary: busy ? 'The line was busy.' : 'The call was not answered.',
          custom_analysis_data: {},
        },
      };
    }
    const start = this.startOf(call.call_id);
    const now = Math.max(Date.now(), start);
    const name = call.retell_llm_dynamic_variables?.candidate_first_name ?? 'there';
    const position = call.retell_llm_dynamic_variables?.position ?? 'the role';
    const interview = DateTime.now()
      .setZone('America/New_York')
      .plus({ days: 2 })
      .set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
    const booked = script === 'interview_scheduled';
    const voicemail = script === 'voicemail';
    return {
      ...call,
      call_status: 'ended',
      start_timestamp: start,
      end_timestamp: now,
      duration_ms: now - start,
      disconnection_reason: voicemail ? 'voicemail_reached' : 'agent_hangup',
      recording_url: `https://retell-simulator.invalid/recordings/${call.call_id}.wav`,
      public_log_url: `https://retell-simulator.invalid/logs/${call.call_id}.txt`,
      transcript: voicemail
        ? `Agent: Hi ${name}, this is the recruiting assistant calling about ${position}. Please call us back.`
        : booked
          ? `Agent: Hi ${name}, this is the recruiting assistant calling about ${position}.\nUser: Hi, yes.\nAgent: Could you do an interview on ${interview.toFormat('cccc')} at 3 PM Eastern?\nUser: That works.`
          : script === 'do_not_call'
            ? `Agent: Hi ${name}, this is the recruiting assistant calling about ${position}.\nUser: Please stop calling me and remove my number.`
            : `Agent: Hi ${name}, this is the recruiting assistant calling about ${position}.\nUser: Thanks, but I am not interested.`,
      transcript_object: [
        {
          role: 'agent',
          content: `Hi ${name}, this is the recruiting assistant calling about ${position}.`,
          words: [{ word: 'Hi', start: 0.2, end: 0.4 }],
        },
        ...(voicemail
          ? []
          : [
              {
                role: 'user' as const,
                content: booked ? 'That works.' : 'I am not interested.',
                words: [{ word: booked ? 'That' : 'I', start: 4.1, end: 4.3 }],
              },
            ]),
      ],
      call_analysis: {
        call_summary: voicemail
          ? `Reached ${name}'s voicemail; left a message.`
          : booked
            ? `Screened ${name}; interview booked.`
            : `${name} is not interested.`,
        user_sentiment: booked ? 'Positive' : 'Neutral',
        call_successful: !voicemail,
        in_voicemail: voicemail,
        custom_analysis_data: booked
          ? {
              interview_scheduled: true,
              scheduled_date: interview.toISODate(),
              scheduled_time: '3:00 PM',
              scheduled_timezone: 'Eastern Time (ET)',
              scheduled_datetime_iso: interview.toISO({ suppressMilliseconds: true }),
              candidate_timezone: 'Eastern Time',
              is_qualified_candidate: true,
              candidate_interest_level: 'High',
              years_of_experience: 6,
              salary_expectation: 135000,
              technical_skills_mentioned: 'TypeScript, PostgreSQL, AWS',
              questions_asked: ['Is the role remote?'],
              outcome: 'Interview Scheduled',
              ...this.answers.get(call.to_number),
            }
          : voicemail
            ? { interview_scheduled: false, outcome: 'Voicemail Left' }
            : {
                interview_scheduled: false,
                candidate_interest_level: 'Not Interested',
                outcome: 'Not Interested',
                rejection_reason: 'Happy in current role',
                ...(script === 'do_not_call' ? { do_not_call_requested: true } : {}),
              },
      },
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const path = (req.url ?? '').split('?')[0];
    this.requests.push({ method: req.method ?? '', path, body });
    if (req.headers.authorization !== `Bearer ${this.options.apiKey}`)
      return send(res, 401, { status: 'error', message: 'Invalid API key' });
    if (req.method === 'POST' && path === '/v2/create-phone-call') return this.createCall(body, res);
    const get = /^\/v2\/get-call\/([^/]+)$/.exec(path);
    const route: SimulatedRoute | null = get ? 'get' : path === '/v3/list-calls' ? 'list' : null;
    const fault = route ? this.takeFault(route) : undefined;
    if (fault) return send(res, fault.status, fault.body, fault.headers);
    if (req.method === 'GET' && get) {
      const call = this.calls.get(decodeURIComponent(get[1]));
      return call ? send(res, 200, call) : send(res, 404, { status: 'error', message: 'Call not found' });
    }
    if (req.method === 'POST' && path === '/v3/list-calls') return send(res, 200, this.list(body));
    if (req.method === 'GET' && path === '/get-concurrency') {
      return send(res, 200, { concurrency_limit: this.concurrencyLimit, current_concurrency: this.inProgress() });
    }
    send(res, 404, { status: 'error', message: 'Not found' });
  }

  /** Calls registered or ongoing. */
  inProgress(): number {
    let count = 0;
    for (const call of this.calls.values())
      if (call.call_status === 'registered' || call.call_status === 'ongoing') count++;
    return count;
  }

  private async createCall(body: unknown, res: ServerResponse): Promise<void> {
    const params = (body ?? {}) as Record<string, unknown>;
    const fault = this.takeFault('create');
    if (fault && !fault.hangMs) return send(res, fault.status, fault.body, fault.headers);
    const e164 = /^\+[1-9]\d{6,14}$/;
    if (
      typeof params.from_number !== 'string' ||
      !e164.test(params.from_number) ||
      typeof params.to_number !== 'string' ||
      !e164.test(params.to_number)
    ) {
      return send(res, 400, { status: 'error', message: 'from_number and to_number must be E.164' });
    }
    const call: PhoneCallResponse = {
      call_id: `call_${randomBytes(14).toString('hex')}`,
      agent_id: typeof params.override_agent_id === 'string' ? params.override_agent_id : 'agent_simulated',
      agent_version: typeof params.override_agent_version === 'number' ? params.override_agent_version : 1,
      call_status: 'registered',
      call_type: 'phone_call',
      direction: 'outbound',
      from_number: params.from_number,
      to_number: params.to_number,
      ...(params.metadata !== undefined ? { metadata: params.metadata } : {}),
      ...(params.retell_llm_dynamic_variables
        ? { retell_llm_dynamic_variables: params.retell_llm_dynamic_variables as Record<string, string> }
        : {}),
    };
    this.calls.set(call.call_id, call);
    this.placedAt.set(call.call_id, Date.now());
    this.peakConcurrency = Math.max(this.peakConcurrency, this.inProgress());
    if (fault?.hangMs) await sleep(fault.hangMs);
    send(res, 201, call);
    if (this.options.autoPlay) void this.play(call.call_id);
  }

  /** `POST /v3/list-calls` with `filter_criteria.metadata` equality filters, newest first. */
  private list(body: unknown): { items: PhoneCallResponse[]; has_more: boolean } {
    const filters =
      (body as { filter_criteria?: { metadata?: { key: string; value: unknown }[] } })?.filter_criteria?.metadata ?? [];
    const items = [...this.calls.values()]
      .filter((call) =>
        filters.every(
          (f) => String((call.metadata as Record<string, unknown> | undefined)?.[f.key]) === String(f.value),
        ),
      )
      .reverse();
    const limit = (body as { limit?: number })?.limit ?? 50;
    return { items: items.slice(0, limit), has_more: items.length > limit };
  }
}

function isDialFailure(script: CallScript): boolean {
  return script === 'dial_no_answer' || script === 'dial_busy';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
