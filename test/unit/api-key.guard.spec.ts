import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyGuard } from '../../src/common/api-key.guard.js';
import { ErrorCode, InvalidApiKey } from '../../src/common/errors.js';
import { Public } from '../../src/common/public.decorator.js';
import type { AppConfig } from '../../src/config/app-config.js';

/** What every refusal throws: the `invalid_api_key` domain error (401). */
const INVALID_API_KEY = expect.objectContaining({ code: ErrorCode.InvalidApiKey });

const FIRST_KEY = 'recruiter-key-7f3a9c2e51d8';
const SECOND_KEY = 'frontend-key-b24e6d0a93c1';

class CandidatesController {
  list(): string[] {
    return [];
  }

  @Public()
  health(): string {
    return 'ok';
  }
}

@Public()
class PublicController {
  status(): string {
    return 'ok';
  }
}

type Handler = (...args: never[]) => unknown;

const contextFor = (
  headers: Record<string, unknown>,
  handler: Handler = CandidatesController.prototype.list,
  controller: new () => unknown = CandidatesController,
): ExecutionContext =>
  ({
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({
      getRequest: () => ({ headers }),
      getResponse: () => ({}),
      getNext: () => () => undefined,
    }),
  }) as unknown as ExecutionContext;

const guard = (): ApiKeyGuard => new ApiKeyGuard(new Reflector(), { API_KEYS: [FIRST_KEY, SECOND_KEY] } as AppConfig);

const check = (authorization?: unknown): boolean =>
  guard().canActivate(contextFor(authorization === undefined ? {} : { authorization }));

describe('ApiKeyGuard', () => {
  describe('rejecting', () => {
    it('should reject a request without an Authorization header', () => {
      expect(() => check()).toThrow(INVALID_API_KEY);
    });

    it('should reject the Basic scheme', () => {
      expect(() => check('Basic xyz')).toThrow(INVALID_API_KEY);
    });

    it('should reject the Basic scheme even with a valid key', () => {
      expect(() => check(`Basic ${FIRST_KEY}`)).toThrow(INVALID_API_KEY);
    });

    it('should reject a Bearer scheme with an empty token', () => {
      expect(() => check('Bearer ')).toThrow(INVALID_API_KEY);
    });

    it('should reject a valid key without the Bearer scheme', () => {
      expect(() => check(FIRST_KEY)).toThrow(INVALID_API_KEY);
    });

    it('should reject a wrong key', () => {
      expect(() => check('Bearer not-a-configured-key-123')).toThrow(INVALID_API_KEY);
    });

    it('should reject a key that is a prefix of a valid key', () => {
      const prefix = FIRST_KEY.slice(0, -1);
      expect(FIRST_KEY.startsWith(prefix)).toBe(true);
      expect(() => check(`Bearer ${prefix}`)).toThrow(INVALID_API_KEY);
    });

    it('should reject a valid key with extra characters appended', () => {
      expect(() => check(`Bearer ${FIRST_KEY}x`)).toThrow(INVALID_API_KEY);
    });

    it('should reject a valid key in a different case', () => {
      expect(() => check(`Bearer ${FIRST_KEY.toUpperCase()}`)).toThrow(INVALID_API_KEY);
    });

    it('should reject two valid keys joined in one header', () => {
      expect(() => check(`Bearer ${FIRST_KEY} ${SECOND_KEY}`)).toThrow(INVALID_API_KEY);
    });

    it('should reject an Authorization header sent as an array', () => {
      expect(() => check([`Bearer ${FIRST_KEY}`])).toThrow(INVALID_API_KEY);
    });

    it('should reject a request to an undecorated handler when no keys are configured', () => {
      const noKeys = new ApiKeyGuard(new Reflector(), { API_KEYS: [] as string[] } as AppConfig);
      expect(() => noKeys.canActivate(contextFor({ authorization: 'Bearer anything-at-all' }))).toThrow(
        INVALID_API_KEY,
      );
    });
  });

  describe('accepting', () => {
    it('should accept the first configured key', () => {
      expect(check(`Bearer ${FIRST_KEY}`)).toBe(true);
    });

    it('should accept the second configured key', () => {
      expect(check(`Bearer ${SECOND_KEY}`)).toBe(true);
    });

    it('should accept the scheme case-insensitively', () => {
      expect(check(`bearer ${FIRST_KEY}`)).toBe(true);
      expect(check(`BEARER ${SECOND_KEY}`)).toBe(true);
    });

    it('should let a @Public() handler through without an Authorization header', () => {
      expect(guard().canActivate(contextFor({}, CandidatesController.prototype.health))).toBe(true);
    });

    it('should let a handler of a @Public() class through without an Authorization header', () => {
      expect(guard().canActivate(contextFor({}, PublicController.prototype.status, PublicController))).toBe(true);
    });

    it('should still require a key on the undecorated handler of a class with a @Public() method', () => {
      expect(() => guard().canActivate(contextFor({}, CandidatesController.prototype.list))).toThrow(INVALID_API_KEY);
    });
  });

  describe('InvalidApiKey', () => {
    it('should carry HTTP status 401', () => {
      expect(InvalidApiKey().status).toBe(401);
    });

    it('should ask for a Bearer token in WWW-Authenticate', () => {
      expect(InvalidApiKey().headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    });
  });
});
