import type { Server } from 'node:http';
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
import { checkJsonBody, MAX_JSON_DEPTH, wellFormedStrings } from './common/json-body.js';
import type { AppConfig } from './config/app-config.js';
import { createOpenApiDocument } from './openapi.js';

const WEBHOOK_PATH = '/api/webhooks/retell';
const JSON_LIMIT = '1mb';
/** body-parser's error types (and json-body.ts's own) → status and message. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, 'The request body is too large'],
  'encoding.unsupported': [415, 'Unsupported body encoding'],
  'charset.unsupported': [415, 'Unsupported body encoding'],
  'entity.parse.failed': [400, 'body is not valid JSON'],
  'entity.nul': [400, 'body must not contain NUL characters (\\u0000)'],
  'entity.depth': [400, `body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`],
};

/** Answers body-parser failures with the error envelope: 413 too large, 415 bad encoding, 400 malformed. */
function guardedParser(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as { type?: string; status?: number };
      const [code, message] = BODY_ERRORS[type ?? ''] ?? [
        status && status >= 400 && status < 500 ? status : 400,
        'The request body could not be read',
      ];
      res.status(code).json(errorEnvelope(code, message));
    });
}

/**
 * Bounds what one client can hold. Node's defaults let a client sending a header line every 5 s keep
 * its socket for over a minute, and a body trickled a byte at a time for five; past the timeouts the
 * client gets 408 and the socket is closed. Past `HTTP_MAX_CONNECTIONS` open sockets, new ones are
 * closed at once.
 */
function limitConnections(server: Server, config: AppConfig): void {
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  // Node enforces the two timeouts on a timer, every 30 s by default; it reads this when it starts listening.
  Object.assign(server, { connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS) });
  server.on('clientError', answerClientError);
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
 * timeouts, `/api` prefix, CORS, body parsing, OpenAPI, the recruiter console at `/` (when built), and
 * the JSON 404 for other paths.
 * Retell's webhook gets its body raw (a Buffer, up to `WEBHOOK_BODY_LIMIT`, 413 beyond; compressed
 * bodies 415, as they would be inflated before the signature is checked) so the signature is
 * checked over the exact bytes before anything is parsed; every other route parses JSON up to 1 MB.
 * The returned app is initialised.
 */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  limitConnections(app.getHttpServer(), config);
  app.use(securityHeaders);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.enableCors({ origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false });
  const rawWebhook = guardedParser(express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT, inflate: false }));
  app.use(WEBHOOK_PATH, (req: Request, res: Response, next: NextFunction) =>
    req.method === 'POST' && (req.path === '/' || req.path === '') ? rawWebhook(req, res, next) : next(),
  );
  app.use(guardedParser(express.json({ limit: JSON_LIMIT, verify: checkJsonBody, reviver: wellFormedStrings })));

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
