/**
 * Jest stand-in for @nestjs/throttler, mapped in jest.config.js for the in-process suites only.
 * @nestjs/throttler is CommonJS and requires the ESM-only @nestjs/common: Node 20 does that
 * (require(esm)) but Jest's module loader cannot before Node 24.9. The real throttler is tested
 * against the built service in a child process (test/e2e/service-process.e2e-spec.ts).
 */
import { Injectable, Module, type CanActivate, type DynamicModule } from '@nestjs/common';

@Injectable()
export class ThrottlerGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }

  protected getTracker(_req: Record<string, unknown>): Promise<string> {
    return Promise.resolve('');
  }
}

@Module({})
export class ThrottlerModule {
  static forRoot(): DynamicModule {
    return { module: ThrottlerModule };
  }

  static forRootAsync(): DynamicModule {
    return { module: ThrottlerModule };
  }
}

export const SkipThrottle = (): MethodDecorator & ClassDecorator => () => undefined;

export const Throttle = (): MethodDecorator & ClassDecorator => () => undefined;
