import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

const BEARER = /^Bearer ([^\s]{1,512})$/i;

/**
 * The configured recruiter keys (`API_KEYS`). Keys are compared as SHA-256 digests with
 * `timingSafeEqual`: equal lengths, constant time, and every key is checked so the time does not
 * tell which one matched.
 */
export class ApiKeyMatcher {
  private readonly keys: { digest: Buffer; id: string }[];

  constructor(keys: readonly string[]) {
    this.keys = keys.map((key) => {
      const digest = sha256(key);
      return { digest, id: digest.toString('hex').slice(0, 16) };
    });
  }

  /**
   * Which configured key an `Authorization` header carries: `Bearer <key>`, the scheme in any case,
   * surrounding whitespace ignored.
   * @returns the key's id (16 hex digits of its SHA-256, never the key; the same for every spelling
   * of the header), or `null` when the header is missing, malformed or carries no configured key.
   */
  identify(header: unknown): string | null {
    const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    if (!match) return null;
    const given = sha256(match[1]);
    let found: string | null = null;
    for (const key of this.keys) if (timingSafeEqual(key.digest, given)) found = key.id;
    return found;
  }
}
