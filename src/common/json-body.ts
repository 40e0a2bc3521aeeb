import type { Request, Response } from 'express';

/** Deepest nesting of arrays and objects accepted in a recruiter's JSON body. */
export const MAX_JSON_DEPTH = 32;

const NUL_ESCAPE = Buffer.from('\\u0000');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** Whether JSON text nests arrays/objects deeper than `max` (strings are skipped). */
export function nestsDeeperThan(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
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
