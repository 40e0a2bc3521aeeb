import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';
import { ApiKeyMatcher } from './api-key-matcher.js';
import { InvalidApiKey } from './errors.js';
import { IS_PUBLIC } from './public.decorator.js';

/** The OpenAPI security scheme of the recruiter endpoints (`@ApiBearerAuth()`): an opaque key, not a JWT. */
export const API_KEY_SCHEME = {
  name: 'bearer',
  scheme: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'API key',
    description: 'One of the opaque keys of API_KEYS (8 to 512 characters): Authorization: Bearer <key>.',
  },
} as const;

/** Requires one of `API_KEYS` as a bearer token on every route not marked {@link Public}. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: ApiKeyMatcher;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.keys = new ApiKeyMatcher(config.API_KEYS);
  }

  /** @throws InvalidApiKey (401) unless the route is public or the request carries a configured key. */
  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    if (this.keys.identify(header) === null) throw InvalidApiKey();
    return true;
  }
}
