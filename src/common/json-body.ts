import type { Request, Response } from 'express';

/** Deepest nesting of arrays and objects accepted in a recruiter's JSON body. */
export const MAX_JSON_DEPTH = 32;

/**
 * Deepest nesting accepted in a Retell webhook body. Retell's call object nests about eight levels
 * (a tool call's arguments in `transcript_with_tool_calls`); `metadata` is the caller's own object.
 * Deeper JSON could not be stored (Postgres' jsonb refuses it past its stack depth) and would be
 * refused for ever: it is answered 400, so Retell does not retry.
 */
export const MAX_WEBHOOK_JSON_DEPTH = 64;

const NUL_ESCAPE = Buffer.from('\\u0000');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** body-parser's error types (and this file's own) → status and message. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, 'The request body is too large'],
  'encoding.unsupported': [415, 'Unsupported body encoding'],
  'charset.unsupported': [415, 'Unsupported body encoding'],
  'entity.parse.failed': [400, 'body is not valid JSON'],
  'entity.nul': [400, 'body must not contain NUL characters (\\u0000)'],
  'entity.depth': [400, `body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`],
};

/**
 * The answer to a body that could not be read: 413 too large, 415 bad encoding, 400 malformed (a
 * client error of body-parser keeps its status; anything else is a 400).
 * @param error what body-parser (or {@link checkJsonBody}) passed to its callback
 */
export function bodyError(error: unknown): { status: number; message: string } {
  const { type, status } = error as { type?: string; status?: number };
  const [code, message] = BODY_ERRORS[type ?? ''] ?? [
    status && status >= 400 && status < 500 ? status : 400,
    'The request body could not be read',
  ];
  return { status: code, message };
}

/** Whether JSON text nests arrays/objects deeper than `max` (strings are skipped). */
export function nestsDeeperThan(body: Buffer | string, max: number): boolean {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte) && ++depth > max) return true;
    else if (CLOSERS.has(byte)) depth--;
  }
  return false;
}

/**
 * body-parser `verify` for recruiter JSON: refuses U+0000 (Postgres text cannot hold it) and
 * nesting deeper than {@link MAX_JSON_DEPTH} (validation would recurse without end), as 400s.
 */
export function checkJsonBody(_req: Request, _res: Response, body: Buffer): void {
  if (body.includes(NUL_ESCAPE)) throw Object.assign(new Error('NUL character'), { status: 400, type: 'entity.nul' });
  if (nestsDeeperThan(body, MAX_JSON_DEPTH))
    throw Object.assign(new Error('too deep'), { status: 400, type: 'entity.depth' });
}

/** JSON.parse reviver: a lone UTF-16 surrogate (`"\ud800"`) becomes U+FFFD, as UTF-8 storage would. */
export function wellFormedStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.toWellFormed() : value;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a body that must be read exactly: UTF-8 without replacement (a BOM is kept), so that
 * encoding the text again gives back the same bytes.
 * @returns the text, or null when the bytes are not valid UTF-8
 */
export function exactUtf8(body: Buffer): string | null {
  try {
    return UTF8.decode(body);
  } catch {
    return null;
  }
}
