import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import express from 'express';
import { from, switchMap, type Observable } from 'rxjs';
import { bodyError, checkJsonBody, wellFormedStrings } from './json-body.js';

/** Largest recruiter JSON body, after inflating a compressed one. */
export const JSON_LIMIT = '1mb';

/**
 * Reads recruiter JSON bodies (up to {@link JSON_LIMIT}, NUL and depth refused) after the guards:
 * a request without a valid API key, or from a client over its rate limit, is answered before a
 * byte of its body is read or inflated. A body the webhook's own parser read already is left alone.
 * Body errors become 413, 415 or 400 answers with the error envelope.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler = express.json({
    limit: JSON_LIMIT,
    verify: checkJsonBody,
    reviver: wellFormedStrings,
  });

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const read = new Promise<void>((resolve, reject) =>
      this.parse(request, response, (error?: unknown) => {
        if (!error) return resolve();
        const { status, message } = bodyError(error);
        reject(new HttpException(message, status));
      }),
    );
    return from(read).pipe(switchMap(() => next.handle()));
  }
}
