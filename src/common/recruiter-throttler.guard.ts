import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * @nestjs/throttler on recruiter endpoints: 429 with Retry-After past THROTTLE_LIMIT requests per
 * THROTTLE_TTL seconds. Requests are counted per API key (a digest, never the key itself), or per
 * IP without one. Retell's webhook and the health check are exempt (`@SkipThrottle()`).
 */
@Injectable()
export class RecruiterThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const headers = req.headers as Record<string, string | undefined>;
    const key = headers.authorization;
    return Promise.resolve(
      typeof key === 'string' && key.length > 0
        ? `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`
        : `ip:${String(req.ip)}`,
    );
  }
}
