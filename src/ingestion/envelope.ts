import { createHash } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import { exactUtf8, MAX_WEBHOOK_JSON_DEPTH, nestsDeeperThan } from '../common/json-body.js';
import { isRecord, type RetellCallObject } from '../retell/retell-call-object.js';

/**
 * Postgres refuses, in jsonb and text, what JSON itself allows: U+0000, lone UTF-16 surrogates
 * (`"\udfff"`) and numbers beyond its range (`1e1000000`, `1e-20000`, a thousand digits). A
 * verified Retell event holding one would be refused by the database forever, and Retell retried
 * to no end. Such text is rewritten: strings made well-formed with U+0000 → U+FFFD, numbers as
 * JavaScript reads them (non-finite ones → null). Other text is kept byte for byte (the cheap,
 * usual case). An exponent counts only when nothing word-like follows it, so a hex id such as
 * `call_5e1234ab` does not send a body through the rewrite.
 */
const NEEDS_REWRITE = /\\u0000|\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\d[eE][+-]?\d{4,}(?![\w.])|\d{1000}/;

function sanitize(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\u0000', '\ufffd');
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(sanitize);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [sanitize(key) as string, sanitize(item)]));
  }
  return value;
}

/**
 * @param text JSON text as received
 * @param parsed `JSON.parse(text)`
 * @returns the text and value to store and apply: `text`/`parsed` themselves when storable
 */
export function storableJson<T>(text: string, parsed: T): { text: string; value: T } {
  if (!NEEDS_REWRITE.test(text)) return { text, value: parsed };
  const value = sanitize(parsed) as T;
  return { text: JSON.stringify(value), value };
}

/** SHA-256 (hex) of a body: the identity of a delivery in the event log. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Call data ready for the event log: the stored text `{ event, call }`, its parsed call, and its hash. */
export interface Envelope {
  event: string;
  call: RetellCallObject;
  /** The JSON text to store: exactly as received where there is a raw body. */
  payload: string;
  /** SHA-256 (hex) of what identifies the delivery. */
  bodyHash: string;
}

/**
 * Parses a verified webhook body: `{ event, call: { call_id, … } }`. The hash is of the raw bytes,
 * which are the text parsed (valid UTF-8, decoded without replacement).
 * @throws BadRequestException (400) naming the field when the JSON or its envelope is malformed,
 *         the body is not UTF-8, or it nests deeper than MAX_WEBHOOK_JSON_DEPTH (it could not be stored)
 */
export function webhookEnvelope(raw: Buffer): Envelope {
  const text = exactUtf8(raw);
  if (text === null) throw new BadRequestException('body is not valid UTF-8');
  if (nestsDeeperThan(raw, MAX_WEBHOOK_JSON_DEPTH)) {
    throw new BadRequestException(`body nests arrays or objects deeper than ${MAX_WEBHOOK_JSON_DEPTH} levels`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestException('body is not valid JSON');
  }
  const { text: payload, value: body } = storableJson(text, parsed);
  if (!isRecord(body)) throw new BadRequestException('body must be a JSON object');
  const { event, call } = body;
  if (typeof event !== 'string' || event.length === 0 || event.length > 100) {
    throw new BadRequestException('event must be a non-empty string');
  }
  if (!isRecord(call)) throw new BadRequestException('call must be an object');
  if (typeof call.call_id !== 'string' || call.call_id.length === 0 || call.call_id.length > 200) {
    throw new BadRequestException('call.call_id must be a non-empty string');
  }
  return { event, call: call as RetellCallObject, payload, bodyHash: sha256(raw) };
}

/**
 * The envelope of call data that did not come as a webhook body (a manual save, a sync): the call
 * object is serialised as `{ event, call }`. `scope` goes into the hash only, so the same call
 * object saved onto two candidates is two deliveries.
 */
export function callEnvelope(event: string, call: object, scope = ''): Envelope {
  const text = JSON.stringify({ event, call });
  const { text: payload, value } = storableJson(text, JSON.parse(text) as { call: RetellCallObject });
  return { event, call: value.call, payload, bodyHash: sha256(scope ? `${scope}\n${payload}` : payload) };
}
