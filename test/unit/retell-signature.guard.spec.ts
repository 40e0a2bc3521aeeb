import 'reflect-metadata';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import Retell from 'retell-sdk';
import type { AppConfig } from '../../src/config/app-config.js';
import { ErrorCode, InvalidSignature } from '../../src/common/errors.js';
import { RetellSignatureGuard } from '../../src/retell/retell-signature.guard.js';

const KEY = 'key_3f9c2a7d41e84b0c9a6e5d2f1b7c8a90';
const OTHER_KEY = 'key_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const MINUTE = 60 * 1000;

const call: Retell.PhoneCallResponse = {
  call_type: 'phone_call',
  call_id: 'call_8d4f0a2b6c1e4f7a9b3c5d7e9f1a2b3c',
  agent_id: 'agent_5e1f2a3b4c5d6e7f8a9b0c1d2e',
  agent_version: 3,
  agent_name: 'Recruiter screening agent',
  call_status: 'ended',
  direction: 'outbound',
  from_number: '+14155550100',
  to_number: '+14155550199',
  start_timestamp: 1760000000000,
  end_timestamp: 1760000312000,
  duration_ms: 312000,
  disconnection_reason: 'agent_hangup',
  transcript: 'Agent: Hi, this is Ava from Acme Talent. Is now a good time?\nUser: Yes, sure.',
  retell_llm_dynamic_variables: { candidate_name: 'Jordan Lee' },
  metadata: { candidate_id: 42 },
  call_analysis: {
    call_summary: 'The candidate confirmed interest and booked an interview for Wednesday at 3 PM ET.',
    call_successful: true,
    in_voicemail: false,
    user_sentiment: 'Positive',
    custom_analysis_data: {
      scheduled_date: '2025-10-08',
      scheduled_time: '3:00 PM',
      scheduled_timezone: 'Eastern Time (ET)',
    },
  },
};

const BODY = JSON.stringify({ event: 'call_analyzed', call });

const guardWith = (key: string = KEY): RetellSignatureGuard =>
  new RetellSignatureGuard({ RETELL_API_KEY: key } as AppConfig);

const contextFor = (headers: Record<string, unknown>, body: unknown): ExecutionContext =>
  ({
    switchToHttp: () => ({
      getRequest: () => ({ headers, body }),
      getResponse: () => ({}),
      getNext: () => () => undefined,
    }),
  }) as unknown as ExecutionContext;

/** Retell's scheme: d = hex HMAC-SHA256(key, body + timestamp), header `v=<timestamp>,d=<d>`. */
const signAt = (body: string, key: string, timestamp: number): string =>
  `v=${timestamp},d=${createHmac('sha256', key)
    .update(body + timestamp)
    .digest('hex')}`;

const requestFor = (signature: unknown, body: unknown = Buffer.from(BODY, 'utf8')): ExecutionContext =>
  contextFor(signature === undefined ? {} : { 'x-retell-signature': signature }, body);

describe('RetellSignatureGuard', () => {
  describe('accepting', () => {
    it('should accept a body signed by Retell.sign with the configured key', async () => {
      const signature = await Retell.sign(BODY, KEY);
      await expect(guardWith().canActivate(requestFor(signature))).resolves.toBe(true);
    });

    it('should accept a correctly signed header that is four minutes old', async () => {
      const signature = signAt(BODY, KEY, Date.now() - 4 * MINUTE);
      await expect(guardWith().canActivate(requestFor(signature))).resolves.toBe(true);
    });

    it('should accept a header built with the HMAC scheme that matches Retell.sign', async () => {
      // Pins the test helper to the SDK: if signAt drifted from Retell's scheme, the stale/future cases would prove nothing.
      const timestamp = Date.now();
      expect(signAt(BODY, KEY, timestamp)).toMatch(/^v=\d{13},d=[0-9a-f]{64}$/);
      await expect(Retell.verify(BODY, KEY, signAt(BODY, KEY, timestamp))).resolves.toBe(true);
      await expect(guardWith().canActivate(requestFor(signAt(BODY, KEY, timestamp)))).resolves.toBe(true);
    });
  });

  describe('rejecting', () => {
    it('should reject a request without an x-retell-signature header', async () => {
      await expect(guardWith().canActivate(requestFor(undefined))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject an x-retell-signature header sent as an array, even of valid signatures', async () => {
      const signature = await Retell.sign(BODY, KEY);
      await expect(guardWith().canActivate(requestFor([signature, signature]))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it.each<[string, () => string]>([
      ['garbage', () => 'garbage'],
      ['a non-numeric timestamp', () => 'v=abc,d=00'],
      ['an empty string', () => ''],
      ['a digest of the wrong length', () => `v=${Date.now()},d=${'ab'.repeat(16)}`],
      ['a digest that is not hex', () => `v=${Date.now()},d=${'zz'.repeat(32)}`],
      [
        'the fields in the wrong order',
        () => {
          const [v, d] = signAt(BODY, KEY, Date.now()).split(',');
          return `${d},${v}`;
        },
      ],
    ])('should reject a malformed header: %s', async (_name, header) => {
      await expect(guardWith().canActivate(requestFor(header()))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a well-formed header with a forged digest', async () => {
      const signature = `v=${Date.now()},d=${randomBytes(32).toString('hex')}`;
      await expect(guardWith().canActivate(requestFor(signature))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a body signed with a different key', async () => {
      const signature = await Retell.sign(BODY, OTHER_KEY);
      await expect(guardWith().canActivate(requestFor(signature))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a correctly signed header older than five minutes', async () => {
      const signature = signAt(BODY, KEY, Date.now() - 6 * MINUTE);
      await expect(guardWith().canActivate(requestFor(signature))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a correctly signed header more than five minutes in the future', async () => {
      const signature = signAt(BODY, KEY, Date.now() + 6 * MINUTE);
      await expect(guardWith().canActivate(requestFor(signature))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a body with one character changed after signing', async () => {
      const signature = await Retell.sign(BODY, KEY);
      const altered = BODY.replace('"call_successful":true', '"call_successful":trUe');
      expect(altered).not.toBe(BODY);
      expect(altered).toHaveLength(BODY.length);
      await expect(guardWith().canActivate(requestFor(signature, Buffer.from(altered, 'utf8')))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a body that was parsed and re-serialised after signing', async () => {
      const signature = await Retell.sign(BODY, KEY);
      const reserialised = JSON.stringify(JSON.parse(BODY), null, 2);
      expect(JSON.parse(reserialised)).toEqual(JSON.parse(BODY));
      await expect(
        guardWith().canActivate(requestFor(signature, Buffer.from(reserialised, 'utf8'))),
      ).rejects.toMatchObject({ code: ErrorCode.InvalidSignature, status: 401 });
    });

    it('should reject a body that is a parsed object instead of the raw Buffer', async () => {
      // JSON.stringify of this object reproduces BODY exactly, so a guard that re-serialised objects would pass it.
      expect(JSON.stringify(JSON.parse(BODY))).toBe(BODY);
      const signature = await Retell.sign(BODY, KEY);
      await expect(guardWith().canActivate(requestFor(signature, JSON.parse(BODY)))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a body that is the raw string instead of the raw Buffer', async () => {
      const signature = await Retell.sign(BODY, KEY);
      await expect(guardWith().canActivate(requestFor(signature, BODY))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject a 300-character header even when the SDK alone would accept it', async () => {
      // Leading zeros keep the timestamp's value, so Retell.verify accepts this header: only the length guard stops it.
      const timestamp = Date.now();
      const valid = signAt(BODY, KEY, timestamp);
      const padded = valid.replace('v=', `v=${'0'.repeat(300 - valid.length)}`);
      expect(padded).toHaveLength(300);
      await expect(Retell.verify(BODY, KEY, padded)).resolves.toBe(true);
      await expect(guardWith().canActivate(requestFor(padded))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should reject every request when the configured key differs from the signing key', async () => {
      const signature = await Retell.sign(BODY, KEY);
      await expect(guardWith(OTHER_KEY).canActivate(requestFor(signature))).rejects.toMatchObject({
        code: ErrorCode.InvalidSignature,
        status: 401,
      });
    });

    it('should answer a rejection with HTTP 401', () => {
      expect(InvalidSignature().status).toBe(401);
    });
  });
});
