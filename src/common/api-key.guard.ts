import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';
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

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Requires one of `API_KEYS` as a bearer token on every route not marked {@link Public}.
 * Keys are compared as SHA-256 digests with `timingSafeEqual`: equal lengths, constant time, and
 * every key is checked so the time does not tell which one matched.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.keys = config.API_KEYS.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]{1,512})$/i.exec(header.trim()) : null;
    if (!match) throw new InvalidApiKey();
    const given = digest(match[1]);
    let valid = false;
    for (const key of this.keys) valid = timingSafeEqual(key, given) || valid;
    if (!valid) throw new InvalidApiKey();
    return true;
  }
}
