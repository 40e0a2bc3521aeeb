/** Shortest secret production accepts: 32 characters (192 bits as base64, 128 as hex). */
export const MIN_SECRET_LENGTH = 32;

/** Least variety production accepts: Shannon entropy of the secret's characters, in bits per character. */
export const MIN_SECRET_BITS_PER_CHAR = 3;

/**
 * Why a secret is too weak for production, or null when it is not: shorter than
 * {@link MIN_SECRET_LENGTH} characters, or made of too few different characters (the entropy of
 * its character counts below {@link MIN_SECRET_BITS_PER_CHAR} bits per character: `aaaa…`,
 * `abababab…`). Random hex (about 3.8) and base64 (about 4.8) pass. Pure; never quotes the secret.
 */
export function secretWeakness(secret: string): string | null {
  const chars = [...secret];
  if (chars.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / chars.length) * Math.log2(count / chars.length);
  return bits < MIN_SECRET_BITS_PER_CHAR
    ? 'repeats too few different characters (use a random value, e.g. openssl rand -hex 32)'
    : null;
}
