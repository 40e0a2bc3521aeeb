/**
 * Postgres refuses, in jsonb and text, what JSON itself allows: U+0000, lone UTF-16 surrogates
 * (`"\udfff"`) and numbers beyond its range (`1e1000000`). A verified Retell event holding one
 * would be refused by the database forever, and Retell retried to no end. Such text is rewritten:
 * strings made well-formed with U+0000 → U+FFFD, non-finite numbers → null. Other text is kept
 * byte for byte (the cheap, usual case).
 */
const NEEDS_REWRITE = /\\u0000|\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[eE]\+?\d{4,}/;

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
