import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module.js';
import { errorEnvelope } from './common/error-envelope.js';
import { consoleStatic } from './console/console-static.js';
import { InvalidSignature } from './common/errors.js';
import { bodyError } from './common/json-body.js';
import { hasSignatureShape } from './retell/retell-signature.guard.js';
import type { AppConfig } from './config/app-config.js';
import { createOpenApiDocument } from './openapi.js';

const WEBHOOK_PATH = '/api/webhooks/retell';

/** Answers body-parser failures with the error envelope: 413 too large, 415 bad encoding, 400 malformed. */
function guardedParser(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status, message } = bodyError(error);
      res.status(status).json(errorEnvelope(status, message));
    });
}

/**
 * Retell's webhook body, read raw only once `x-retell-signature` has the shape of a signature:
 * a request without one is answered 401 at once, its body never buffered (and the connection
 * closed rather than drained).
 */
function webhookBody(limit: string): RequestHandler {
  const raw = guardedParser(express.raw({ type: () => true, limit, inflate: false }));
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || (req.path !== '/' && req.path !== '')) return next();
    if (hasSignatureShape(req.headers['x-retell-signature'])) return raw(req, res, next);
    const refusal = InvalidSignature();
    res.setHeader('Connection', 'close');
    res.status(refusal.status).json(errorEnvelope(refusal.status, refusal.message, undefined, refusal.code));
  };
}

/**
 * Bounds what one client can hold. Node's defaults let a client sending a header line every 5 s keep
 * its socket for over a minute, and a body trickled a byte at a time for five; past the timeouts the
 * client gets 408 and the socket is closed. Past `HTTP_MAX_CONNECTIONS` open sockets, new ones are
 * closed at once.
 */
function limitConnections(server: Server, config: AppConfig, trusted: (address: string) => boolean): void {
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  if (config.HTTP_MAX_CONNECTIONS_PER_IP > 0) capPerAddress(server, config.HTTP_MAX_CONNECTIONS_PER_IP, trusted);
  // Node enforces the two timeouts on a timer, every 30 s by default; it reads this when it starts listening.
  Object.assign(server, { connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS) });
  server.on('clientError', answerClientError);
}

/**
 * At most `cap` open connections per client address (a trusted proxy's excepted): past it, that
 * address's new connections are closed at once, and the others' are still served.
 */
function capPerAddress(server: Server, cap: number, trusted: (address: string) => boolean): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    if (trusted(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) return void socket.destroy();
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/** Node's own answers to a request it could not read, with the error envelope: they reach no route. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive within the server timeouts'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large'],
};

/** Replaces Node's default `clientError` handling (a bare status line), keeping its statuses. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'The request could not be read',
  ];
  const body = JSON.stringify(errorEnvelope(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Security headers on every answer, errors and /docs included. helmet's default CSP fits Swagger
 * UI (its scripts are files served from /docs, its styles inline) and the console (its scripts and
 * styles are files of the service). Only media may come from elsewhere: call recordings are on
 * Retell's HTTPS storage.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      // The service may be reached over plain HTTP (locally, or behind a proxy that terminates TLS).
      upgradeInsecureRequests: null,
      mediaSrc: ["'self'", 'https:'],
    },
  },
});

/**
 * Production wiring, shared by `main.ts` and the e2e tests: logger, security headers, server
 * timeouts, `/api` prefix, CORS, the webhook's body, OpenAPI, the recruiter console at `/` (when
 * built), and the JSON 404 for other paths.
 * Retell's webhook gets its body raw (a Buffer, up to `WEBHOOK_BODY_LIMIT`, 413 beyond; compressed
 * bodies 415, as they would be inflated before the signature is checked), and only when the
 * signature header is there, so the signature is checked over the exact bytes before anything is
 * parsed. Recruiter JSON is read after the API key and rate-limit guards (JsonBodyInterceptor).
 * The returned app is initialised.
 */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Behind proxies, the client is the address they forwarded (rate limits, logs); see TRUST_PROXY.
  app.set('trust proxy', config.trustProxy);
  const express_ = app.getHttpAdapter().getInstance() as express.Application;
  const trusts = express_.get('trust proxy fn') as (address: string, hop: number) => boolean;
  limitConnections(app.getHttpServer(), config, (address) => trusts(address, 0));
  app.use(securityHeaders);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.enableCors({ origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false });
  app.use(WEBHOOK_PATH, webhookBody(config.WEBHOOK_BODY_LIMIT));

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  // Nest answers unknown routes under /api; the rest would get Express's HTML page. Registered
  // after init, so that it comes after every route.
  await app.init();
  const consoleFiles = consoleStatic(options.consoleDir);
  if (consoleFiles) app.use(consoleFiles);
  app.use((req: Request, res: Response) => {
    res.status(404).json(errorEnvelope(404, `Cannot ${req.method} ${req.path}`));
  });
  return app;
}
