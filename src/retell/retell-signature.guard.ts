import { BadRequestException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import Retell from 'retell-sdk';
import { AppConfig } from '../config/app-config.js';
import { InvalidSignature } from '../common/errors.js';
import { exactUtf8 } from '../common/json-body.js';

/** `v=<unix ms>,d=<64 hex digits>`: the only shape Retell.verify can accept. */
const SIGNATURE_SHAPE = /^v=\d{1,16},d=[0-9a-f]{64}$/i;

/**
 * Whether an `x-retell-signature` header can be a signature at all. Checked before the body is
 * read (bootstrap.ts): a request without one is answered 401 without buffering its body.
 */
export function hasSignatureShape(header: unknown): header is string {
  return typeof header === 'string' && SIGNATURE_SHAPE.test(header);
}

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
 * Retell.verify takes text: the body is decoded without replacement, so that the text verified
 * is the bytes received (and hashed for duplicates); a body that is not UTF-8 is refused.
 * @throws InvalidSignature (401); BadRequestException (400) when the body is not valid UTF-8
 */
@Injectable()
export class RetellSignatureGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.headers['x-retell-signature'];
    const body: unknown = request.body;
    if (!hasSignatureShape(signature) || !Buffer.isBuffer(body)) throw InvalidSignature();
    const text = exactUtf8(body);
    if (text === null) throw new BadRequestException('body is not valid UTF-8');
    // verify() returns a Promise<boolean>: without the await every request would pass.
    const valid = await Retell.verify(text, this.config.RETELL_API_KEY, signature).catch(() => false);
    if (!valid) throw InvalidSignature();
    return true;
  }
}
