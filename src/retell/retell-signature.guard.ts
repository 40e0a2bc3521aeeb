import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import Retell from 'retell-sdk';
import { AppConfig } from '../config/app-config.js';
import { InvalidSignature } from '../common/errors.js';

/** The OpenAPI security scheme of Retell's webhook: the signature header. */
export const RETELL_SIGNATURE_SCHEME = {
  name: 'retell_signature',
  scheme: {
    type: 'apiKey',
    in: 'header',
    name: 'x-retell-signature',
    description:
      "Retell's signature of the raw body: v=<unix ms>,d=<hex HMAC-SHA256 of body + timestamp, keyed with RETELL_API_KEY>. Made by Retell (or retell-sdk's Retell.sign), valid 5 minutes.",
  },
} as const;

/**
 * Authenticates Retell's webhook: `x-retell-signature` (`v=<unix ms>,d=<hex HMAC-SHA256>`) must
 * verify over the exact raw body bytes with `RETELL_API_KEY`, within Retell's 5-minute window.
 * The body reaches here unparsed (a Buffer), so nothing untrusted is parsed before it is verified.
 */
@Injectable()
export class RetellSignatureGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.headers['x-retell-signature'];
    const body: unknown = request.body;
    if (typeof signature !== 'string' || signature.length > 256 || !Buffer.isBuffer(body)) throw InvalidSignature();
    // verify() returns a Promise<boolean>: without the await every request would pass.
    const valid = await Retell.verify(body.toString('utf8'), this.config.RETELL_API_KEY, signature).catch(() => false);
    if (!valid) throw InvalidSignature();
    return true;
  }
}
