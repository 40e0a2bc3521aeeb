/**
 * Hostile-input fuzz: fast-check sends more than 10,000 random and mutated bodies, headers, path
 * ids and query strings to Retell's webhook and to every recruiter endpoint (interviews,
 * notifications, the calendar feed and its tokens, and analytics included), through the production
 * bootstrap. Properties: no 5xx (except the documented 502/503 of the endpoints that call Retell),
 * JSON answers with the error envelope and no stack trace, no crash, no unhandled rejection,
 * nothing stored from a request without a valid signature or API key, Object.prototype untouched.
 *
 * FUZZ_RUNS_SCALE multiplies every property's number of runs (default 1: 11,500 requests).
 * A failure prints fast-check's shrunk counterexample and seed (replay with `{ seed, path }`).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import Retell from 'retell-sdk';
import request from 'supertest';
import type { Response } from 'supertest';
import { Clock } from '../../src/common/clock.js';
import {
  applyBadSignature,
  badSignature,
  callIdSegment,
  candidatesQuery,
  contentEncoding,
  contentType,
  analyticsQuery,
  eventsQuery,
  extraHeaders,
  fieldSwap,
  headerValue,
  hugeBody,
  interviewsQuery,
  invalidAuthorization,
  jsonTree,
  mutated,
  nastyString,
  notificationsQuery,
  pathSegment,
  pctEncode,
  queryString,
  rawBody,
  render,
  toJson,
  withEntry,
  type Body,
  type Json,
} from '../support/fuzz-arbitraries.js';
import { createCandidate, deliver } from '../support/http.js';
import { analyzedCall, endedCall, newCallId, SEED_002_CALL, startedCall } from '../support/retell-fixtures.js';
import { API_KEY, AUTH, RETELL_KEY, startTestApp, type TestApp } from '../support/test-app.js';

const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? '1') || 1;
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
/** The runs of every property below, at scale 1; asserted ≥ 10,000 at the end. */
let plannedRuns = 0;

const FUZZ_TIMEOUT = 600_000;
/** 15:00 in New York: inside the default calling window, so a dial gets as far as Retell. */
const AFTERNOON_NY = new Date('2026-11-18T20:00:00.000Z');

/** A port nothing listens on: Retell's API is unreachable, so Retell calls answer 502 (RetellUnavailable). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Jest hands the test a copy of `process`; Node emits `unhandledRejection` and `uncaughtException`
 * on the real one, reached through the outer realm's `Function` (Jest's globals come from there).
 */
const realProcess = (Buffer.constructor as FunctionConstructor)('return process')() as NodeJS.Process;

/** Statuses: what each route may answer. Everything else fails the property. */
type Allowed = (status: number) => boolean;
const below500: Allowed = (status) => status < 500;

/** Stack frames (`at fn (/path/file.js:1:2)`) or source paths in an answer. */
const STACK = /\n\s+at |\bat [^\s]+ \(|\((?:file:\/\/|\/)[^)]*:\d+:\d+\)|\/work\/|node:internal/;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Sent {
  method: Method;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: Body;
}

describe('hostile input fuzz', () => {
  let t: TestApp;
  const rejections: unknown[] = [];
  const exceptions: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  const onException = (error: unknown): void => void exceptions.push(error);
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  /** Candidates created up front (their ids are the "known" path ids). */
  const known: string[] = [];
  let closedRetellPort = 0;

  /** Reads the answer as text whatever its content type: the properties parse it themselves. */
  const asText = (res: NodeJS.ReadableStream, done: (error: Error | null, body: string) => void): void => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
    res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    res.on('error', (error: Error) => done(error, ''));
  };

  async function send({ method, path, headers = {}, body }: Sent): Promise<Response> {
    const agent = request(t.app.getHttpServer());
    const req =
      method === 'GET'
        ? agent.get(path)
        : method === 'POST'
          ? agent.post(path)
          : method === 'PATCH'
            ? agent.patch(path)
            : method === 'PUT'
              ? agent.put(path)
              : agent.delete(path);
    // Bytes go out as they are: superagent would JSON-serialize a Buffer sent as application/json.
    req.serialize((data: unknown) => data as string);
    req.buffer(true).parse(asText as unknown as Parameters<typeof req.parse>[0]);
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) req.set(name, value);
    if (body !== undefined) req.send(body);
    return req;
  }

  /** The answer's status is allowed, it is JSON, errors have the envelope, nothing leaks. */
  function judge(sent: Sent, res: Response, allowed: Allowed): void {
    const text = typeof res.body === 'string' ? res.body : '';
    const problems: string[] = [];
    // A conditional GET (If-None-Match / If-Modified-Since) may be answered 304 without a body, as HTTP says.
    const conditional = Object.keys(sent.headers ?? {}).some((name) => /^if-(none-match|modified-since)$/i.test(name));
    if (res.status === 304 && sent.method === 'GET' && conditional && text === '') return;
    // 204 No Content (a revocation) has no body to judge.
    if (res.status === 204 && text === '') return;
    if (!allowed(res.status)) problems.push(`status ${res.status} is not allowed`);
    const type = String(res.headers['content-type'] ?? '');
    // The .ics routes answer a calendar when they succeed; every error is still the JSON envelope.
    const calendar = res.status === 200 && /\.ics(\?|$)/.test(sent.path) && /^text\/calendar\b/.test(type);
    if (calendar && text.startsWith('BEGIN:VCALENDAR')) return;
    if (!/^application\/json\b/.test(type)) problems.push(`content-type is ${type || 'missing'}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push('the body is not JSON');
    }
    if (res.status >= 400 && parsed !== undefined) {
      const envelope = parsed as Record<string, unknown>;
      const keys = typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
      if (
        envelope?.statusCode !== res.status ||
        typeof envelope.error !== 'string' ||
        typeof envelope.message !== 'string' ||
        keys.some((key) => !['statusCode', 'error', 'code', 'message', 'details'].includes(key))
      ) {
        problems.push('the error is not the envelope { statusCode, error, code?, message, details? }');
      }
    }
    if (res.status >= 400 && STACK.test(text)) problems.push('the error shows a stack trace or a source path');
    if (text.includes('node_modules')) problems.push('the answer names node_modules');
    if (problems.length > 0) {
      throw new Error(
        `${sent.method} ${sent.path.slice(0, 300)} → ${res.status}: ${problems.join('; ')}\n` +
          `request headers: ${JSON.stringify(sent.headers ?? {}).slice(0, 500)}\n` +
          `request body (${sent.body?.length ?? 0}): ${String(sent.body ?? '').slice(0, 500)}\n` +
          `response: ${text.slice(0, 1000)}`,
      );
    }
  }

  async function hit(sent: Sent, allowed: Allowed = below500): Promise<Response> {
    let res: Response;
    try {
      res = await send(sent);
    } catch (error) {
      // A reset connection or a socket hang-up: the server dropped the request (or died).
      throw new Error(
        `${sent.method} ${sent.path.slice(0, 300)}: no answer (${(error as Error).message})\n` +
          `request body (${sent.body?.length ?? 0}): ${String(sent.body ?? '').slice(0, 500)}`,
        { cause: error },
      );
    }
    judge(sent, res, allowed);
    return res;
  }

  async function property<T>(numRuns: number, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>) {
    await fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns: runs(numRuns) });
  }

  const counts = async (): Promise<{ events: number; candidates: number; calls: number }> => {
    const [row] = await t.dataSource.query<{ events: number; candidates: number; calls: number }[]>(
      `SELECT (SELECT count(*) FROM retell_webhook_events)::int AS events,
              (SELECT count(*) FROM candidates)::int AS candidates,
              (SELECT count(*) FROM retell_calls)::int AS calls`,
    );
    return row;
  };

  /** Realistic call objects to mutate: the three webhook stages and seed 002's manual-save example. */
  const REALISTIC_CALLS = (candidateId: number): Record<string, unknown>[] => [
    startedCall({ callId: 'call_fuzz', candidateId }) as unknown as Record<string, unknown>,
    endedCall({ callId: 'call_fuzz', candidateId }) as unknown as Record<string, unknown>,
    analyzedCall({ callId: 'call_fuzz', candidateId }) as unknown as Record<string, unknown>,
    { ...SEED_002_CALL, metadata: { candidate_id: String(candidateId), job_id: '45' } },
  ];

  /** A realistic call tree with a fresh-looking call_id and one of the known candidates. */
  const realisticCall: fc.Arbitrary<Json> = fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 6 }), fc.stringMatching(/^[a-z0-9]{10}$/))
    .map(([which, candidateId, suffix]) =>
      withEntry(toJson(REALISTIC_CALLS(candidateId)[which]), 'call_id', toJson(`call_fz${suffix}`)),
    );

  /** Mostly the realistic body with a hostile field; sometimes anything at all. */
  const hostile = (valid: fc.Arbitrary<string>): fc.Arbitrary<Body> =>
    fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: rawBody(valid) });

  const eventName = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('call_started', 'call_ended', 'call_analyzed') },
    {
      weight: 2,
      arbitrary: fc.constantFrom('transcript_updated', 'transfer_started', 'manual', 'sync', 'x'.repeat(101)),
    },
    { weight: 1, arbitrary: nastyString },
  );

  /** `{ event, call }` of Retell, mutated 1–3 times anywhere (event, call, or deep inside call). */
  const mutatedWebhook: fc.Arbitrary<string> = fc
    .tuple(eventName, realisticCall)
    .chain(([event, call]) =>
      mutated({
        kind: 'object',
        entries: [
          ['event', toJson(event)],
          ['call', call],
        ],
      }),
    )
    .map(render);

  const validWebhookText: fc.Arbitrary<string> = fc.tuple(eventName, realisticCall).map(([event, call]) =>
    render({
      kind: 'object',
      entries: [
        ['event', toJson(event)],
        ['call', call],
      ],
    }),
  );

  beforeAll(async () => {
    realProcess.on('unhandledRejection', onRejection);
    realProcess.on('uncaughtException', onException);
    closedRetellPort = await closedPort();
    t = await startTestApp({
      RETELL_BASE_URL: `http://127.0.0.1:${closedRetellPort}`,
      RETELL_FROM_NUMBER: '+14155550100',
      RETELL_AGENT_ID: 'agent_fuzz',
      RETELL_TIMEOUT_MS: '1000',
      RECONCILE_INTERVAL: '0',
    });
    // One listening server for every request (supertest would otherwise listen and close per request).
    await t.app.listen(0, '127.0.0.1');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => AFTERNOON_NY);
    for (let i = 0; i < 6; i += 1)
      known.push(String((await createCandidate(t.app, { timezone: 'America/New_York' })).id));
    // A call record and a few events, so that call and replay ids can hit real rows.
    for (const id of known.slice(0, 3)) {
      const res = await deliver(t.app, 'call_analyzed', analyzedCall({ callId: newCallId(), candidateId: id }));
      if (res.status !== 200) throw new Error(`seed webhook: ${res.status}`);
    }
  }, 60_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    realProcess.off('unhandledRejection', onRejection);
    realProcess.off('uncaughtException', onException);
  });

  describe('POST /api/webhooks/retell without a valid signature', () => {
    const unsignedAllowed: Allowed = (status) =>
      // 401 bad signature; 400 an unreadable (e.g. gzip-garbage) body; 415 an unsupported
      // Content-Encoding or charset; 413 a body over WEBHOOK_BODY_LIMIT. Never 2xx: nothing is stored.
      [400, 401, 413, 415].includes(status);

    it(
      'should refuse random, broken and mutated bodies with missing, garbage, forged, stale or wrong-key signatures, storing nothing',
      async () => {
        plannedRuns += 1_500;
        const before = await counts();
        await property(
          1_500,
          fc.record({
            body: rawBody(fc.oneof(mutatedWebhook, validWebhookText)),
            bad: badSignature,
            type: contentType,
            encoding: contentEncoding,
            extra: extraHeaders,
          }),
          async ({ body, bad, type, encoding, extra }) => {
            const text = typeof body === 'string' ? body : body.toString('utf8');
            const signed = applyBadSignature(bad, text, RETELL_KEY);
            await hit(
              {
                method: 'POST',
                path: '/api/webhooks/retell',
                headers: {
                  ...extra,
                  'Content-Type': type,
                  'Content-Encoding': encoding,
                  'x-retell-signature': signed.signature,
                },
                // Bytes stay bytes; a body changed after signing gets the same change (a suffix).
                body:
                  typeof body === 'string'
                    ? signed.body
                    : Buffer.concat([body, Buffer.from(signed.body.slice(text.length), 'utf8')]),
              },
              unsignedAllowed,
            );
          },
        );
        expect(await counts()).toEqual(before);
      },
      FUZZ_TIMEOUT,
    );

    it(
      'should refuse 10–200 kB unsigned bodies, storing nothing',
      async () => {
        plannedRuns += 40;
        const before = await counts();
        await property(
          40,
          fc.tuple(
            hugeBody((filler) =>
              JSON.stringify({ event: 'call_analyzed', call: { call_id: 'call_big', transcript: filler } }),
            ),
            badSignature,
          ),
          async ([body, bad]) => {
            const signed = applyBadSignature(bad, body, RETELL_KEY);
            await hit(
              {
                method: 'POST',
                path: '/api/webhooks/retell',
                headers: { 'Content-Type': 'application/json', 'x-retell-signature': signed.signature },
                body: signed.body,
              },
              unsignedAllowed,
            );
          },
        );
        expect(await counts()).toEqual(before);
      },
      FUZZ_TIMEOUT,
    );
  });

  describe('POST /api/webhooks/retell signed with RETELL_API_KEY', () => {
    // A verified delivery is stored and answered 200 (applied, duplicate, ignored, orphaned or
    // failed), or refused 400 when its envelope is malformed. A 503 would make Retell retry a
    // body that can never be stored: not allowed for a body that is the same on every retry.
    const signedAllowed: Allowed = (status) => status === 200 || status === 400;

    const deliverSigned = async (body: Body, type = 'application/json'): Promise<void> => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      await hit(
        {
          method: 'POST',
          path: '/api/webhooks/retell',
          headers: { 'Content-Type': type, 'x-retell-signature': await Retell.sign(text, RETELL_KEY) },
          body,
        },
        signedAllowed,
      );
    };

    it(
      'should answer 200 or 400 to mutated Retell events: wrong types, unicode, __proto__ keys, huge numbers, deep nesting',
      async () => {
        plannedRuns += 1_500;
        await property(1_500, fc.tuple(mutatedWebhook, contentType), ([body, type]) => deliverSigned(body, type));
      },
      FUZZ_TIMEOUT,
    );

    it(
      'should answer 200 or 400 to random, broken and binary signed bodies',
      async () => {
        plannedRuns += 700;
        await property(700, rawBody(validWebhookText), (body) => deliverSigned(body));
      },
      FUZZ_TIMEOUT,
    );

    it(
      'should answer 200 or 400 to signed 10–200 kB bodies',
      async () => {
        plannedRuns += 30;
        await property(
          30,
          fc.tuple(
            hugeBody((filler) =>
              JSON.stringify({ event: 'call_analyzed', call: { call_id: 'call_big', transcript: filler } }),
            ),
            fc.stringMatching(/^[a-z0-9]{8}$/),
          ),
          ([body, suffix]) => deliverSigned(body.replace('call_big', `call_big${suffix}`)),
        );
      },
      FUZZ_TIMEOUT,
    );
  });

  describe('recruiter endpoints without a valid API key', () => {
    const ROUTES: [Method, string][] = [
      ['GET', '/api/candidates'],
      ['POST', '/api/candidates'],
      ['GET', '/api/candidates/:id'],
      ['PATCH', '/api/candidates/:id'],
      ['POST', '/api/candidates/:id/save_retell_call_data'],
      ['POST', '/api/candidates/:id/save_retell_call_data/'],
      ['POST', '/api/candidates/:id/calls'],
      ['GET', '/api/candidates/:id/calls'],
      ['GET', '/api/calls/:id'],
      ['POST', '/api/calls/:id/sync'],
      ['GET', '/api/webhooks/retell/events'],
      ['POST', '/api/webhooks/retell/events/:id/replay'],
    ];

    it(
      'should answer 401 (or 400/404/415 before the key is read) and store nothing, on every route',
      async () => {
        plannedRuns += 800;
        const before = await counts();
        await property(
          800,
          fc.record({
            route: fc.constantFrom(...ROUTES),
            // Another method on the same path is a 404, which must not leak either.
            otherMethod: fc.option(fc.constantFrom<Method>('PUT', 'DELETE', 'GET', 'POST', 'PATCH'), { freq: 5 }),
            id: pathSegment(known),
            authorization: invalidAuthorization(API_KEY),
            query: queryString,
            type: contentType,
            encoding: contentEncoding,
            extra: extraHeaders,
            body: fc.option(rawBody(jsonTree.map(render)), { freq: 4 }),
          }),
          async ({ route: [method, template], otherMethod, id, authorization, query, type, encoding, extra, body }) => {
            await hit(
              {
                method: otherMethod ?? method,
                path: `${template.replace(':id', id)}${query ? `?${query}` : ''}`,
                headers: { ...extra, Authorization: authorization, 'Content-Type': type, 'Content-Encoding': encoding },
                body: body ?? undefined,
              },
              (status) => [400, 401, 404, 413, 415].includes(status),
            );
          },
        );
        expect(await counts()).toEqual(before);
      },
      FUZZ_TIMEOUT,
    );
  });

  describe('candidates', () => {
    const validCandidate = (n: string): Json =>
      toJson({
        first_name: 'Ada',
        last_name: `Lovelace${n}`,
        email: `ada${n}@example.com`,
        phone: '+442079460958',
        position: 'Engineer',
        company: 'Analytical',
        timezone: 'Europe/London',
        do_not_call: false,
      });
    const candidateBody: fc.Arbitrary<string> = fc
      .stringMatching(/^[a-z0-9]{6}$/)
      .chain((n) =>
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(validCandidate(n)) },
          { weight: 4, arbitrary: fieldSwap(validCandidate(n)) },
          { weight: 3, arbitrary: mutated(validCandidate(n)) },
        ),
      )
      .map(render);
    const validPatch = toJson({
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      phone: '+14155550123',
      position: 'Admiral',
      company: 'Navy',
      timezone: 'America/New_York',
      do_not_call: false,
      status: 'contacted',
    });
    const patchBody: fc.Arbitrary<string> = fc
      .oneof(
        { weight: 1, arbitrary: fc.constant(validPatch) },
        { weight: 4, arbitrary: fieldSwap(validPatch) },
        // One field alone, as a recruiter's frontend sends it.
        {
          weight: 3,
          arbitrary: fieldSwap(validPatch).chain((json) =>
            fc
              .nat()
              .map(
                (i) =>
                  ({ ...json, entries: json.kind === 'object' ? [json.entries[i % json.entries.length]] : [] }) as Json,
              ),
          ),
        },
        { weight: 2, arbitrary: mutated(validPatch) },
        { weight: 1, arbitrary: mutated(toJson({})) },
      )
      .map(render);

    const recruiter = (type: string, extra: Record<string, string> = {}): Record<string, string> => ({
      ...extra,
      ...AUTH,
      'Content-Type': type,
    });

    it(
      'POST /api/candidates: should never answer 5xx to mutated, random or broken bodies',
      async () => {
        plannedRuns += 1_200;
        await property(
          1_200,
          fc.record({
            body: hostile(candidateBody),
            type: contentType,
            encoding: contentEncoding,
            extra: extraHeaders,
          }),
          async ({ body, type, encoding, extra }) => {
            await hit({
              method: 'POST',
              path: '/api/candidates',
              headers: { ...recruiter(type, extra), 'Content-Encoding': encoding },
              body,
            });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'POST /api/candidates: should never answer 5xx to 10–200 kB bodies and deep nesting',
      async () => {
        plannedRuns += 30;
        await property(
          30,
          hugeBody((filler) =>
            JSON.stringify({ first_name: filler, last_name: 'x', email: 'big@example.com', phone: '+14155550199' }),
          ),
          async (body) => {
            await hit({ method: 'POST', path: '/api/candidates', headers: recruiter('application/json'), body });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'PATCH /api/candidates/:id: should never answer 5xx to random ids and bodies',
      async () => {
        plannedRuns += 1_000;
        await property(
          1_000,
          fc.record({
            id: fc.oneof(
              { weight: 2, arbitrary: fc.constantFrom(...known) },
              { weight: 1, arbitrary: pathSegment(known) },
            ),
            body: hostile(patchBody),
            type: contentType,
            extra: extraHeaders,
          }),
          async ({ id, body, type, extra }) => {
            await hit({ method: 'PATCH', path: `/api/candidates/${id}`, headers: recruiter(type, extra), body });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'GET /api/candidates: should never answer 5xx to random query strings (arrays, limit=1e9, forged cursors)',
      async () => {
        plannedRuns += 1_000;
        await property(
          1_000,
          fc.tuple(
            fc.oneof({ weight: 3, arbitrary: candidatesQuery }, { weight: 1, arbitrary: queryString }),
            extraHeaders,
          ),
          async ([query, extra]) => {
            await hit({ method: 'GET', path: `/api/candidates?${query}`, headers: { ...extra, ...AUTH } });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'GET /api/candidates/:id and /:id/calls: should never answer 5xx to random ids',
      async () => {
        plannedRuns += 500;
        await property(
          500,
          fc.tuple(pathSegment(known), fc.constantFrom('', '/calls'), queryString),
          async ([id, suffix, query]) => {
            await hit({ method: 'GET', path: `/api/candidates/${id}${suffix}?${query}`, headers: AUTH });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'POST /api/candidates/:id/save_retell_call_data(/): should never answer 5xx to mutated or random call objects',
      async () => {
        plannedRuns += 1_000;
        await property(
          1_000,
          fc.record({
            id: fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...known) },
              { weight: 1, arbitrary: pathSegment(known) },
            ),
            slash: fc.boolean(),
            body: hostile(
              fc
                .oneof(
                  { weight: 4, arbitrary: realisticCall.chain(mutated) },
                  { weight: 2, arbitrary: realisticCall.chain(fieldSwap) },
                  { weight: 1, arbitrary: realisticCall },
                )
                .map(render),
            ),
            type: contentType,
          }),
          async ({ id, slash, body, type }) => {
            await hit({
              method: 'POST',
              path: `/api/candidates/${id}/save_retell_call_data${slash ? '/' : ''}`,
              headers: recruiter(type),
              body,
            });
          },
        );
      },
      FUZZ_TIMEOUT,
    );
  });

  describe('calls', () => {
    // Retell's API is a closed port here (RETELL_BASE_URL): every request that reaches Retell is
    // answered 502 (RetellUnavailable), the documented answer when Retell does not answer; 503 is
    // the documented answer to Retell's rate limit or to calling not being configured. These two
    // are the only 5xx allowed, and only on the two routes that call Retell.
    const retellAllowed: Allowed = (status) => status < 500 || status === 502 || status === 503;

    it(
      'POST /api/candidates/:id/calls: should answer < 500, or 502/503 from the unreachable Retell',
      async () => {
        plannedRuns += 400;
        const validDial = toJson({
          agent_id: 'agent_7d2f0c1e9b',
          agent_version: 3,
          job_id: '45',
          recruiter: 'Emma',
          dynamic_variables: { slot: 'Tue 3 PM' },
        });
        const dialBody = fc.oneof(fieldSwap(validDial), mutated(validDial)).map(render);
        await property(
          400,
          fc.record({
            id: fc.oneof(
              { weight: 2, arbitrary: fc.constantFrom(...known) },
              { weight: 1, arbitrary: pathSegment(known) },
            ),
            body: hostile(dialBody),
            type: contentType,
          }),
          async ({ id, body, type }) => {
            await hit(
              { method: 'POST', path: `/api/candidates/${id}/calls`, headers: { ...AUTH, 'Content-Type': type }, body },
              retellAllowed,
            );
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'GET /api/calls/:call_id: should never answer 5xx to random call ids',
      async () => {
        plannedRuns += 300;
        const ids = (
          await t.dataSource.query<{ call_id: string }[]>(
            'SELECT call_id FROM retell_calls WHERE call_id IS NOT NULL LIMIT 20',
          )
        ).map((row) => row.call_id);
        await property(300, callIdSegment(ids), async (id) => {
          await hit({ method: 'GET', path: `/api/calls/${id}`, headers: AUTH });
        });
      },
      FUZZ_TIMEOUT,
    );

    it(
      'POST /api/calls/:call_id/sync: should answer < 500, or 502 from the unreachable Retell',
      async () => {
        plannedRuns += 300;
        await property(
          300,
          fc.tuple(callIdSegment(['call_abc123xyz789']), fc.option(rawBody(jsonTree.map(render)), { freq: 3 })),
          async ([id, body]) => {
            await hit(
              {
                method: 'POST',
                path: `/api/calls/${id}/sync`,
                headers: { ...AUTH, 'Content-Type': 'application/json' },
                body: body ?? undefined,
              },
              retellAllowed,
            );
          },
        );
      },
      FUZZ_TIMEOUT,
    );
  });

  describe('webhook events', () => {
    it(
      'GET /api/webhooks/retell/events: should never answer 5xx to random query strings (cursor up to 20 digits)',
      async () => {
        plannedRuns += 600;
        await property(
          600,
          fc.oneof({ weight: 3, arbitrary: eventsQuery }, { weight: 1, arbitrary: queryString }),
          async (query) => {
            await hit({ method: 'GET', path: `/api/webhooks/retell/events?${query}`, headers: AUTH });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'POST /api/webhooks/retell/events/:id/replay: should never answer 5xx, on stored fuzz events and random ids',
      async () => {
        plannedRuns += 400;
        const ids = (
          await t.dataSource.query<{ id: string }[]>('SELECT id FROM retell_webhook_events ORDER BY id')
        ).map((row) => String(row.id));
        await property(
          400,
          fc.tuple(
            fc.oneof(
              { weight: 3, arbitrary: ids.length > 0 ? fc.constantFrom(...ids) : fc.constant('1') },
              { weight: 1, arbitrary: pathSegment() },
            ),
            fc.option(rawBody(jsonTree.map(render)), { freq: 3 }),
          ),
          async ([id, body]) => {
            await hit({
              method: 'POST',
              path: `/api/webhooks/retell/events/${id}/replay`,
              headers: { ...AUTH, 'Content-Type': 'application/json' },
              body: body ?? undefined,
            });
          },
        );
      },
      FUZZ_TIMEOUT,
    );
  });

  describe('interviews, notifications, the calendar feed and analytics (added after the first fuzz run)', () => {
    const json = (extra: Record<string, string> = {}) => ({ ...extra, ...AUTH, 'Content-Type': 'application/json' });
    const bookBody: fc.Arbitrary<string> = fc
      .oneof(
        {
          weight: 1,
          arbitrary: fc.constant(toJson({ starts_at: '2026-12-01T15:00:00Z', timezone: 'America/New_York' })),
        },
        {
          weight: 3,
          arbitrary: mutated(
            toJson({ starts_at: '2026-12-01T15:00:00-05:00', timezone: 'America/New_York', duration_minutes: 45 }),
          ),
        },
        { weight: 2, arbitrary: fieldSwap(toJson({ starts_at: '2026-12-01T15:00:00Z', timezone: 'UTC' })) },
      )
      .map(render);
    const changeBody: fc.Arbitrary<string> = fc
      .oneof(
        {
          weight: 3,
          arbitrary: mutated(
            toJson({
              starts_at: '2026-12-02T16:00:00Z',
              duration_minutes: 60,
              timezone: 'Europe/London',
              status: 'scheduled',
            }),
          ),
        },
        { weight: 1, arbitrary: fc.constant(toJson({ status: 'cancelled' })) },
      )
      .map(render);
    const interviewIds = async (): Promise<string[]> =>
      (await t.dataSource.query<{ id: string }[]>('SELECT id FROM interviews ORDER BY id')).map((row) =>
        String(row.id),
      );
    const someOf = (ids: string[]): fc.Arbitrary<string> =>
      fc.oneof(
        { weight: 2, arbitrary: ids.length > 0 ? fc.constantFrom(...ids) : fc.constant('1') },
        { weight: 1, arbitrary: pathSegment(ids) },
      );

    it(
      'POST /api/candidates/:id/interviews: should never answer 5xx to mutated or random bodies and ids',
      async () => {
        plannedRuns += 500;
        await property(
          500,
          fc.record({ id: someOf(known), body: hostile(bookBody), type: contentType, extra: extraHeaders }),
          async ({ id, body, type, extra }) => {
            await hit({
              method: 'POST',
              path: `/api/candidates/${id}/interviews`,
              headers: { ...extra, ...AUTH, 'Content-Type': type },
              body,
            });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'PATCH /api/interviews/:id, GET /api/interviews/:id(/invite.ics): should never answer 5xx',
      async () => {
        plannedRuns += 600;
        const ids = await interviewIds();
        await property(
          600,
          fc.record({
            id: someOf(ids),
            body: hostile(changeBody),
            read: fc.constantFrom('', '/invite.ics', null),
          }),
          async ({ id, body, read }) => {
            if (read === null) await hit({ method: 'PATCH', path: `/api/interviews/${id}`, headers: json(), body });
            else await hit({ method: 'GET', path: `/api/interviews/${id}${read}`, headers: AUTH });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'GET /api/interviews and /api/notifications: should never answer 5xx to random query strings',
      async () => {
        plannedRuns += 800;
        await property(
          800,
          fc.tuple(
            fc.constantFrom('/api/interviews', '/api/notifications'),
            fc.oneof(
              { weight: 3, arbitrary: fc.oneof(interviewsQuery, notificationsQuery) },
              { weight: 1, arbitrary: queryString },
            ),
          ),
          async ([path, query]) => {
            await hit({ method: 'GET', path: `${path}?${query}`, headers: AUTH });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'POST /api/notifications/:id/retry: should never answer 5xx to random ids and bodies',
      async () => {
        plannedRuns += 300;
        const ids = (await t.dataSource.query<{ id: string }[]>('SELECT id FROM notifications ORDER BY id')).map(
          (row) => String(row.id),
        );
        await property(
          300,
          fc.tuple(someOf(ids), fc.option(rawBody(jsonTree.map(render)), { freq: 3 })),
          async ([id, body]) => {
            await hit({
              method: 'POST',
              path: `/api/notifications/${id}/retry`,
              headers: json(),
              body: body ?? undefined,
            });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'GET /api/analytics/summary and /timeseries: should never answer 5xx to random filters (NUL, odd zones, ranges)',
      async () => {
        plannedRuns += 800;
        await property(
          800,
          fc.tuple(
            fc.constantFrom('/api/analytics/summary', '/api/analytics/timeseries'),
            fc.oneof({ weight: 3, arbitrary: analyticsQuery }, { weight: 1, arbitrary: queryString }),
          ),
          async ([path, query]) => {
            await hit({ method: 'GET', path: `${path}?${query}`, headers: AUTH });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'the calendar feed and its tokens: should never answer 5xx to random tokens, labels and ids',
      async () => {
        plannedRuns += 600;
        const created = await request(t.app.getHttpServer())
          .post('/api/calendar-feed/tokens')
          .set(AUTH)
          .send({ label: 'Fuzz' });
        const token = (created.body as { token: string }).token;
        await property(
          600,
          fc.oneof(
            fc
              .oneof(fc.constant(token), nastyString, headerValue(600))
              .map((value): Sent => ({ method: 'GET', path: `/api/calendar.ics?token=${pctEncode(value)}` })),
            queryString.map((query): Sent => ({ method: 'GET', path: `/api/calendar.ics?${query}` })),
            hostile(mutated(toJson({ label: 'Emma Johnson' })).map(render)).map((body): Sent => ({
              method: 'POST',
              path: '/api/calendar-feed/tokens',
              headers: json(),
              body,
            })),
            pathSegment().map((id): Sent => ({
              method: 'DELETE',
              path: `/api/calendar-feed/tokens/${id}`,
              headers: AUTH,
            })),
            fc.constant<Sent>({ method: 'GET', path: '/api/calendar-feed/tokens', headers: AUTH }),
          ),
          async (sent) => {
            await hit(sent);
          },
        );
      },
      FUZZ_TIMEOUT,
    );
  });

  describe('campaigns (added with outreach campaigns)', () => {
    const json = () => ({ ...AUTH, 'Content-Type': 'application/json' });
    const campaignBody = (): fc.Arbitrary<string> =>
      fc
        .oneof(
          {
            weight: 1,
            arbitrary: fc.constant(toJson({ name: 'Fuzz', candidate_ids: known.slice(0, 3).map(Number) })),
          },
          {
            weight: 3,
            arbitrary: mutated(
              toJson({
                name: 'Backend, December',
                candidate_ids: known.slice(0, 2).map(Number),
                filter: { status: 'new', position: 'Data Engineer' },
                job_id: '45',
                agent_id: 'agent_fuzz',
                dynamic_variables: { screening_questions: 'Notice period?' },
                max_attempts: 3,
                retry_delays: ['PT4H', 'P1D'],
                max_concurrent_calls: 5,
                calling_days: [1, 2, 3, 4, 5],
                daily_call_limit: 100,
                daily_budget_cents: 5000,
              }),
            ),
          },
          { weight: 2, arbitrary: fieldSwap(toJson({ name: 'Swap', max_attempts: 2, retry_delays: ['PT1H'] })) },
        )
        .map(render);
    const campaignIds = async (): Promise<string[]> =>
      (await t.dataSource.query<{ id: string }[]>('SELECT id FROM campaigns ORDER BY id')).map((row) => String(row.id));

    it(
      'POST /api/campaigns and /api/campaigns/:id/candidates: should never answer 5xx to mutated or random bodies',
      async () => {
        plannedRuns += 600;
        const seeded = await request(t.app.getHttpServer()).post('/api/campaigns').set(AUTH).send({ name: 'Seed' });
        expect(seeded.status).toBe(201);
        const ids = await campaignIds();
        await property(
          600,
          fc.record({
            body: hostile(campaignBody()),
            target: fc.oneof(
              { weight: 2, arbitrary: fc.constant('') },
              {
                weight: 1,
                arbitrary: fc.oneof(fc.constantFrom(...ids), pathSegment(ids)).map((id) => `/${id}/candidates`),
              },
            ),
          }),
          async ({ body, target }) => {
            await hit({ method: 'POST', path: `/api/campaigns${target}`, headers: json(), body });
          },
        );
      },
      FUZZ_TIMEOUT,
    );

    it(
      'campaign actions and reads: should never answer 5xx to random ids, actions and queries',
      async () => {
        plannedRuns += 600;
        const ids = await campaignIds();
        await property(
          600,
          fc.oneof(
            fc
              .tuple(
                fc.oneof(fc.constantFrom(...ids), pathSegment(ids)),
                fc.constantFrom('start', 'pause', 'resume', 'cancel', 'candidates', 'stop', ''),
              )
              .map(([id, action]): Sent => ({
                method: 'POST',
                path: `/api/campaigns/${id}/${action}`,
                headers: json(),
              })),
            fc
              .tuple(
                fc.oneof(fc.constantFrom(...ids), pathSegment(ids)),
                fc.constantFrom('', '/candidates'),
                queryString,
              )
              .map(([id, suffix, query]): Sent => ({
                method: 'GET',
                path: `/api/campaigns/${id}${suffix}?${query}`,
                headers: AUTH,
              })),
            queryString.map((query): Sent => ({ method: 'GET', path: `/api/campaigns?${query}`, headers: AUTH })),
          ),
          async (sent) => {
            await hit(sent);
          },
        );
      },
      FUZZ_TIMEOUT,
    );
  });

  it(
    'GET /api/health: should answer 200 to random headers and queries',
    async () => {
      plannedRuns += 200;
      await property(
        200,
        fc.record({ query: queryString, extra: extraHeaders, authorization: fc.option(headerValue(), { freq: 2 }) }),
        async ({ query, extra, authorization }) => {
          await hit(
            {
              method: 'GET',
              path: `/api/health?${query}`,
              headers: { ...extra, Authorization: authorization ?? undefined },
            },
            (status) => status === 200,
          );
        },
      );
    },
    FUZZ_TIMEOUT,
  );

  it('should have planned ≥ 10,000 runs, kept running, polluted no prototype, and left no unhandled rejection', async () => {
    expect(plannedRuns).toBeGreaterThanOrEqual(10_000);
    const health = await request(t.app.getHttpServer()).get('/api/health');
    expect(health.status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Give a late rejection (a promise nobody awaited) a turn of the event loop to surface.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rejections.map(String)).toEqual([]);
    expect(exceptions.map(String)).toEqual([]);
  });
});
