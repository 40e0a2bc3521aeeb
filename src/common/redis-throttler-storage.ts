import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Redis } from 'ioredis';

type Hits = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How long a rate-limit count may wait for Redis before it is counted in memory instead. */
const REDIS_TIMEOUT_MS = 250;
const WARN_EVERY_MS = 60_000;

/**
 * Rate-limit counters in Redis, shared by every replica (`@nest-lab/throttler-storage-redis`, keys
 * under `keyPrefix`). While Redis is unreachable or slower than 250 ms, requests are counted in
 * this instance's memory instead: the limit then holds per instance, as without Redis, and the API
 * does not go down with Redis. Failures are logged at most once a minute, without the URL (it may
 * hold a password).
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private warnedAt = 0;

  constructor(url: string, keyPrefix: string) {
    this.redis = new Redis(url, {
      keyPrefix,
      commandTimeout: REDIS_TIMEOUT_MS,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    // Without a listener, ioredis prints every failed reconnection attempt to the console.
    this.redis.on('error', (error: Error & { code?: string }) => this.warn(error.code ?? error.name));
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  /** Counts one hit of `key`; see ThrottlerStorage. Never rejects because of Redis. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttler: string): Promise<Hits> {
    try {
      return await this.shared.increment(key, ttl, limit, blockDuration, throttler);
    } catch (error) {
      this.warn((error as Error).name);
      return this.local.increment(key, ttl, limit, blockDuration, throttler);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
    this.local.onApplicationShutdown();
  }

  private warn(reason: string): void {
    if (Date.now() - this.warnedAt < WARN_EVERY_MS) return;
    this.warnedAt = Date.now();
    this.logger.warn({ reason }, 'Redis unavailable: rate limits are counted per instance until it is back');
  }
}
