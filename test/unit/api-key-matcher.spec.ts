import { describe, expect, it } from '@jest/globals';
import { ApiKeyMatcher } from '../../src/common/api-key-matcher.js';

const FIRST_KEY = 'recruiter-key-7f3a9c2e51d8';
const SECOND_KEY = 'frontend-key-b24e6d0a93c1';
const keys = new ApiKeyMatcher([FIRST_KEY, SECOND_KEY]);

describe('ApiKeyMatcher', () => {
  it('should give each configured key one id, whatever the spelling of the scheme and the whitespace', () => {
    const ids = [`Bearer ${FIRST_KEY}`, `bearer ${FIRST_KEY}`, `BEARER ${FIRST_KEY}`, `  Bearer ${FIRST_KEY}\t`].map(
      (header) => keys.identify(header),
    );
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(keys.identify(`Bearer ${SECOND_KEY}`)).not.toBe(ids[0]);
  });

  it('should never use the key itself as its id', () => {
    expect(keys.identify(`Bearer ${FIRST_KEY}`)).not.toContain(FIRST_KEY.slice(0, 8));
  });

  it.each([
    ['no header', undefined],
    ['a made-up key', 'Bearer made-up-key-123456'],
    ['another scheme', `Basic ${FIRST_KEY}`],
    ['a key in another case', `Bearer ${FIRST_KEY.toUpperCase()}`],
    ['two spaces after the scheme', `Bearer  ${FIRST_KEY}`],
    ['an array of headers', [`Bearer ${FIRST_KEY}`]],
  ])('should identify no key for %s', (_label, header) => {
    expect(keys.identify(header)).toBeNull();
  });
});
