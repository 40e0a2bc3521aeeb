import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { CandidatesModule } from './candidates/candidates.module.js';
import { CallsModule } from './calls/calls.module.js';
import { ChangesModule } from './changes/changes.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { CommonModule } from './common/common.module.js';
import { ApiKeyGuard } from './common/api-key.guard.js';
import { JsonBodyInterceptor } from './common/json-body.interceptor.js';
import { LoggerModule } from './common/logger.module.js';
import { RecruiterThrottlerGuard } from './common/recruiter-throttler.guard.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import type { MigrationList } from './database/data-source-options.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { IngestionModule } from './ingestion/ingestion.module.js';
import { InterviewsModule } from './interviews/interviews.module.js';

/**
 * Rate-limit counters shared through Redis. Imported only when REDIS_URL is set: the adapter is
 * CommonJS requiring the ESM-only @nestjs/common, which Jest cannot load (see throttler-double.ts).
 */
async function redisStorage(url: string, keyPrefix: string): Promise<ThrottlerStorage> {
  const { RedisThrottlerStorage } = await import('./common/redis-throttler-storage.js');
  return new RedisThrottlerStorage(url, keyPrefix);
}

/** What the application is built from; `migrations` defaults to the compiled ones in `dist/migrations`. */
export interface AppOptions {
  config: AppConfig;
  migrations?: MigrationList;
  /** Folder of the built console; default `dist/public` beside the compiled service. */
  consoleDir?: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, migrations }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        LoggerModule,
        ThrottlerModule.forRootAsync({
          useFactory: async () => ({
            throttlers: [{ ttl: config.THROTTLE_TTL * 1000, limit: config.THROTTLE_LIMIT }],
            storage: config.REDIS_URL ? await redisStorage(config.REDIS_URL, config.REDIS_KEY_PREFIX) : undefined,
          }),
        }),
        DatabaseModule.forRoot(migrations),
        CandidatesModule,
        CallsModule,
        CampaignsModule,
        IngestionModule,
        InterviewsModule,
        AnalyticsModule,
        ChangesModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: RecruiterThrottlerGuard },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
      ],
    };
  }
}
