// app-config.ts uses class-transformer's @Type, which needs the Reflect metadata polyfill loaded first (main.ts does this).
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';

const example = parseEnv(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));
const EXAMPLE_RETELL_API_KEY = example.RETELL_API_KEY;
const EXAMPLE_API_KEYS = example.API_KEYS;

const RETELL_API_KEY = 'key_prod_9b8c7d6e5f4a3b2c1d0e';
const API_KEYS = 'prod-recruiter-key-1a2b3c-9fQx7LwZ4kTp';

const production = (extra: Record<string, string | undefined> = {}) => ({
  NODE_ENV: 'production',
  RETELL_API_KEY,
  API_KEYS,
  ...extra,
});

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
};

describe('loadConfig', () => {
  it('should have development values for both secrets in .env.example', () => {
    // The development fallback tests below compare against these; guard against an empty example file.
    expect(EXAMPLE_RETELL_API_KEY).toEqual(expect.any(String));
    expect(EXAMPLE_RETELL_API_KEY?.length).toBeGreaterThanOrEqual(8);
    expect(EXAMPLE_API_KEYS).toEqual(expect.any(String));
  });

  describe('in production', () => {
    it('should refuse to start without RETELL_API_KEY and API_KEYS, naming both', () => {
      const message = messageOf(() => loadConfig({ NODE_ENV: 'production' }));
      expect(message).toContain('RETELL_API_KEY');
      expect(message).toContain('API_KEYS');
    });

    it('should refuse to start without RETELL_API_KEY alone, naming it', () => {
      const message = messageOf(() => loadConfig(production({ RETELL_API_KEY: undefined })));
      expect(message).toContain('RETELL_API_KEY');
      expect(message).not.toContain('API_KEYS');
    });

    it('should refuse to start without API_KEYS alone, naming it', () => {
      const message = messageOf(() => loadConfig(production({ API_KEYS: undefined })));
      expect(message).toContain('API_KEYS');
      expect(message).not.toContain('RETELL_API_KEY');
    });

    it('should load when both secrets are set, with no development defaults', () => {
      const { config, developmentDefaults } = loadConfig(production());
      expect(config).toBeInstanceOf(AppConfig);
      expect(config.isProduction).toBe(true);
      expect(config.RETELL_API_KEY).toBe(RETELL_API_KEY);
      expect(config.API_KEYS).toEqual([API_KEYS]);
      expect(developmentDefaults).toEqual([]);
    });

    it('should treat blank secrets as unset', () => {
      const message = messageOf(() => loadConfig(production({ RETELL_API_KEY: '   ', API_KEYS: '' })));
      expect(message).toContain('RETELL_API_KEY');
      expect(message).toContain('API_KEYS');
    });

    it('should reject an API_KEYS value that holds only commas and spaces', () => {
      const message = messageOf(() => loadConfig(production({ API_KEYS: ' , ,' })));
      expect(message).toContain('API_KEYS');
    });

    it.each([
      ['a short key', 'aaaaaaaa'],
      ['a 31-character key', 'Zq8xW2pL9vK4mN7bT1cR6yH3gJ5dF0s'],
      ['a long key of one repeated character', 'a'.repeat(40)],
      ['a long key of two alternating characters', 'ab'.repeat(20)],
    ])('should refuse %s in API_KEYS, naming the entry and never the key', (_what, key) => {
      const message = messageOf(() => loadConfig(production({ API_KEYS: `${API_KEYS}, ${key}` })));
      expect(message).toContain('API_KEYS entry 2');
      expect(message).not.toContain(key);
    });

    it('should refuse a 16-character or low-variety CALENDAR_FEED_TOKEN, and take a random one', () => {
      expect(messageOf(() => loadConfig(production({ CALENDAR_FEED_TOKEN: 'feed-token-01234' })))).toContain(
        'CALENDAR_FEED_TOKEN is shorter than 32 characters',
      );
      expect(messageOf(() => loadConfig(production({ CALENDAR_FEED_TOKEN: '0'.repeat(64) })))).toContain(
        'CALENDAR_FEED_TOKEN repeats too few different characters',
      );
      const token = '3f9a7c2e1b8d4f6a0c5e7b9d2f4a6c8e';
      expect(loadConfig(production({ CALENDAR_FEED_TOKEN: token })).config.CALENDAR_FEED_TOKEN).toBe(token);
    });

    it('should take random hex and base64 keys of 32 characters', () => {
      for (const key of ['9e107d9d372bb6826bd81d3542a419d6', 'q1W3e5R7t9Y0u2I4o6P8a1S3d5F7g9H0']) {
        expect(loadConfig(production({ API_KEYS: key })).config.API_KEYS).toEqual([key]);
      }
    });
  });

  describe('outside production', () => {
    it('should take both secrets from .env.example and list them as development defaults', () => {
      const { config, developmentDefaults } = loadConfig({ NODE_ENV: 'development' });
      expect(config.isProduction).toBe(false);
      expect(config.RETELL_API_KEY).toBe(EXAMPLE_RETELL_API_KEY);
      expect(config.API_KEYS).toEqual(EXAMPLE_API_KEYS?.split(',').map((key) => key.trim()));
      expect(developmentDefaults).toEqual(expect.arrayContaining(['RETELL_API_KEY', 'API_KEYS']));
      expect(developmentDefaults).toHaveLength(2);
    });

    it('should default NODE_ENV to development and still fall back to .env.example', () => {
      const { config, developmentDefaults } = loadConfig({});
      expect(config.NODE_ENV).toBe('development');
      expect(config.RETELL_API_KEY).toBe(EXAMPLE_RETELL_API_KEY);
      expect(developmentDefaults).toEqual(expect.arrayContaining(['RETELL_API_KEY', 'API_KEYS']));
    });

    it('should treat blank secrets as unset and fall back to .env.example', () => {
      const { config, developmentDefaults } = loadConfig({
        NODE_ENV: 'development',
        RETELL_API_KEY: ' ',
        API_KEYS: '',
      });
      expect(config.RETELL_API_KEY).toBe(EXAMPLE_RETELL_API_KEY);
      expect(developmentDefaults).toEqual(expect.arrayContaining(['RETELL_API_KEY', 'API_KEYS']));
    });

    it('should keep given secrets and list only the missing one as a development default', () => {
      const { config, developmentDefaults } = loadConfig({ NODE_ENV: 'test', RETELL_API_KEY });
      expect(config.RETELL_API_KEY).toBe(RETELL_API_KEY);
      expect(config.API_KEYS).toEqual(EXAMPLE_API_KEYS?.split(',').map((key) => key.trim()));
      expect(developmentDefaults).toEqual(['API_KEYS']);
    });
  });

  describe('parsing', () => {
    it('should split API_KEYS on commas and trim each key', () => {
      const { config } = loadConfig(production({ API_KEYS: `${API_KEYS}-1, ${API_KEYS}-2` }));
      expect(config.API_KEYS).toEqual([`${API_KEYS}-1`, `${API_KEYS}-2`]);
    });

    it('should reject an API_KEYS entry shorter than eight characters', () => {
      const message = messageOf(() =>
        loadConfig({ NODE_ENV: 'test', RETELL_API_KEY, API_KEYS: 'a-long-key-1, short' }),
      );
      expect(message).toContain('API_KEYS');
    });

    it('should parse PORT as a number', () => {
      expect(loadConfig(production({ PORT: '8080' })).config.PORT).toBe(8080);
    });

    it('should default PORT to 3000 when it is blank', () => {
      expect(loadConfig(production({ PORT: '  ' })).config.PORT).toBe(3000);
    });

    it('should reject a PORT that is not a number, naming PORT', () => {
      const message = messageOf(() => loadConfig(production({ PORT: 'abc' })));
      expect(message).toContain('PORT');
    });

    it('should reject a PORT above 65535, naming PORT', () => {
      const message = messageOf(() => loadConfig(production({ PORT: '70000' })));
      expect(message).toContain('PORT');
    });

    it('should reject a DATABASE_URL that is not a postgres URL, naming DATABASE_URL', () => {
      const message = messageOf(() => loadConfig(production({ DATABASE_URL: 'mysql://x' })));
      expect(message).toContain('DATABASE_URL');
    });

    it('should reject an unknown NODE_ENV, naming NODE_ENV', () => {
      const message = messageOf(() => loadConfig({ NODE_ENV: 'staging', RETELL_API_KEY, API_KEYS }));
      expect(message).toContain('NODE_ENV');
    });

    it('should bound slow clients by default, well under the 10 s Retell waits for an answer', () => {
      const { config } = loadConfig(production());
      expect(config.HTTP_HEADERS_TIMEOUT_MS).toBe(5_000);
      expect(config.HTTP_REQUEST_TIMEOUT_MS).toBe(10_000);
      expect(config.HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(5_000);
      expect(config.HTTP_MAX_CONNECTIONS).toBe(1_000);
    });

    it('should reject a headers timeout longer than the request timeout, naming both', () => {
      const message = messageOf(() =>
        loadConfig(production({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })),
      );
      expect(message).toContain('HTTP_HEADERS_TIMEOUT_MS');
      expect(message).toContain('HTTP_REQUEST_TIMEOUT_MS');
    });

    it.each([
      'HTTP_HEADERS_TIMEOUT_MS',
      'HTTP_REQUEST_TIMEOUT_MS',
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      'HTTP_MAX_CONNECTIONS',
    ])('should reject %s of 0, naming it', (name) => {
      expect(messageOf(() => loadConfig(production({ [name]: '0' })))).toContain(name);
    });

    it('should count rate limits in memory without REDIS_URL, and reject a REDIS_URL that is not redis://', () => {
      expect(loadConfig(production()).config.REDIS_URL).toBeUndefined();
      expect(loadConfig(production({ REDIS_URL: 'rediss://cache:6380' })).config.REDIS_URL).toBe('rediss://cache:6380');
      expect(messageOf(() => loadConfig(production({ REDIS_URL: 'http://cache:6379' })))).toContain('REDIS_URL');
    });

    it('should not copy unknown environment variables onto the config', () => {
      const { config } = loadConfig(production({ PATH: '/usr/bin:/bin', HOME: '/home/app' }));
      expect(Object.keys(config)).not.toContain('PATH');
      expect(Object.keys(config)).not.toContain('HOME');
      expect('PATH' in config).toBe(false);
      expect('HOME' in config).toBe(false);
    });
  });

  describe('usesPglite', () => {
    it('should use PGlite when DATABASE_URL is unset', () => {
      expect(loadConfig(production()).config.usesPglite).toBe(true);
    });

    it('should use PGlite when DATABASE_URL is blank', () => {
      expect(loadConfig(production({ DATABASE_URL: '' })).config.usesPglite).toBe(true);
    });

    it.each(['postgres://user:pass@db.internal:5432/ats', 'postgresql://user:pass@db.internal:5432/ats'])(
      'should use Postgres when DATABASE_URL is %s',
      (url) => {
        const { config } = loadConfig(production({ DATABASE_URL: url }));
        expect(config.usesPglite).toBe(false);
        expect(config.DATABASE_URL).toBe(url);
      },
    );
  });

  it.each(['21:00-08:00', '09:00-09:00'])('should reject a CALLING_WINDOW of %s, naming it', (window) => {
    expect(() =>
      loadConfig({ RETELL_API_KEY: 'key_test_0123456789', API_KEYS: 'recruiter-key-1', CALLING_WINDOW: window }),
    ).toThrow(/CALLING_WINDOW/);
  });

  describe('EVENT_PAYLOAD_RETENTION_DAYS', () => {
    it('should default to 90 days', () => {
      expect(loadConfig(production()).config.EVENT_PAYLOAD_RETENTION_DAYS).toBe(90);
    });

    it.each([
      ['0', 0],
      ['30', 30],
      ['36500', 36_500],
    ])('should accept %s', (value, days) => {
      expect(loadConfig(production({ EVENT_PAYLOAD_RETENTION_DAYS: value })).config.EVENT_PAYLOAD_RETENTION_DAYS).toBe(
        days,
      );
    });

    it.each(['-1', '1.5', 'ninety', '36501'])('should reject %s, naming the variable', (value) => {
      const message = messageOf(() => loadConfig(production({ EVENT_PAYLOAD_RETENTION_DAYS: value })));
      expect(message).toContain('EVENT_PAYLOAD_RETENTION_DAYS');
    });
  });
});

describe('interview and e-mail settings', () => {
  it('should default to e-mail off, 45-minute interviews, 8 attempts and no feed', () => {
    const { config } = loadConfig(production());
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.INTERVIEW_DURATION_MINUTES).toBe(45);
    expect(config.MAIL_MAX_ATTEMPTS).toBe(8);
    expect(config.CALENDAR_FEED_TOKEN).toBeUndefined();
    expect(config.mailFrom).toEqual({ name: 'Recruiting', address: 'recruiting@example.com' });
  });

  it('should read MAIL_FROM with or without a display name', () => {
    expect(loadConfig(production({ MAIL_FROM: 'jobs@acme.example' })).config.mailFrom).toEqual({
      name: '',
      address: 'jobs@acme.example',
    });
    expect(loadConfig(production({ MAIL_FROM: 'Acme Jobs <jobs@acme.example>' })).config.mailFrom).toEqual({
      name: 'Acme Jobs',
      address: 'jobs@acme.example',
    });
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.com'],
    ['MAIL_FROM', 'not an address'],
    ['MAIL_MAX_ATTEMPTS', '0'],
    ['MAIL_POLL_MS', 'soon'],
    ['INTERVIEW_DURATION_MINUTES', '0'],
    ['CALENDAR_FEED_TOKEN', 'short'],
    ['INTERVIEW_JOIN_URL', 'http://meet.example.com/x'],
    ['INTERVIEW_JOIN_URL', 'javascript:alert(1)'],
    ['TRUST_PROXY', 'everyone'],
    ['HTTP_MAX_CONNECTIONS_PER_IP', '-1'],
  ])('should reject %s=%s, naming it', (name, value) => {
    expect(messageOf(() => loadConfig(production({ [name]: value })))).toContain(name);
  });

  it('should read the interview details, a written \\n in the description as a new line', () => {
    const { config } = loadConfig(
      production({
        INTERVIEW_LOCATION: 'Room 4',
        INTERVIEW_DESCRIPTION: 'Line one\\nLine two',
        INTERVIEW_JOIN_URL: 'https://meet.example.com/x',
      }),
    );
    expect(config.interviewDetails).toEqual({
      location: 'Room 4',
      description: 'Line one\nLine two',
      joinUrl: 'https://meet.example.com/x',
    });
    expect(loadConfig(production()).config.interviewDetails).toEqual({});
  });

  it('should list every new setting in .env.example', () => {
    for (const name of [
      'INTERVIEW_LOCATION',
      'INTERVIEW_DESCRIPTION',
      'INTERVIEW_JOIN_URL',
      'TRUST_PROXY',
      'HTTP_MAX_CONNECTIONS_PER_IP',
      'INTERVIEW_DURATION_MINUTES',
      'SMTP_URL',
      'MAIL_FROM',
      'MAIL_MAX_ATTEMPTS',
      'MAIL_POLL_MS',
      'MAIL_RETRY_BASE_MS',
      'CALENDAR_FEED_TOKEN',
    ]) {
      expect(Object.keys(example)).toContain(name);
    }
  });
});
