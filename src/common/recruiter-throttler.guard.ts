import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config.js';
import { ApiKeyMatcher } from './api-key-matcher.js';

/**
 * @nestjs/throttler on recruiter endpoints: 429 with Retry-After past THROTTLE_LIMIT requests per
 * THROTTLE_TTL seconds, counted over all routes together. A request with a configured key counts
 * against that key (by its id, however the header is spelled); any other request, made-up keys
 * included, counts against its IP. It runs before the key check, so guessing keys is limited too.
 * Retell's webhook and the health check are exempt (`@SkipThrottle()`).
 */
@Injectable()
export class RecruiterThrottlerGuard extends ThrottlerGuard {
  @Inject(AppConfig) private readonly config!: AppConfig;
  private keys?: ApiKeyMatcher;

  /** `key:<id>` for a configured key, else `ip:<address>` (an IPv6 address by its /64). */
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    this.keys ??= new ApiKeyMatcher(this.config.API_KEYS);
    const id = this.keys.identify((req.headers as Record<string, unknown>).authorization);
    return id === null ? `ip:${await super.getTracker(req)}` : `key:${id}`;
  }

  /** One counter per tracker for every route (the default keeps one per route, multiplying the limit). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `throttle:${throttler}:${tracker}`;
  }
}
