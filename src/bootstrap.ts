import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module.js';
import { errorEnvelope } from './common/error-envelope.js';
import { checkJsonBody, MAX_JSON_DEPTH, wellFormedStrings } from './common/json-body.js';
import { createOpenApiDocument } from './openapi.js';

const WEBHOOK_PATH = '/api/webhooks/retell';
const JSON_LIMIT = '1mb';
/** Answers body-parser failures with the error envelope: 413 too large, 415 bad encoding, 400 malformed. */
function guardedParser(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as { type?: string; status?: number };
      const [code, message] =
        type === 'entity.too.large'
          ? [413, 'The request body is too large']
          : type === 'encoding.unsupported' || type === 'charset.unsupported'
            ? [415, 'Unsupported body encoding']
            : type === 'entity.parse.failed'
              ? [400, 'body is not valid JSON']
              : type === 'entity.nul'
                ? [400, 'body must not contain NUL characters (\\u0000)']
                : type === 'entity.depth'
                  ? [400, `body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`]
                  : [status && status >= 400 && status < 500 ? status : 400, 'The request body could not be read'];
      res.status(code).json(errorEnvelope(code, message));
    });
}

/**
 * Production wiring, shared by `main.ts` and the e2e tests: logger, `/api` prefix, CORS, body
 * parsing, OpenAPI. Retell's webhook gets its body raw (a Buffer, up to `WEBHOOK_BODY_LIMIT`, 413
 * beyond) so the signature is checked over the exact bytes before anything is parsed; every other
 * route parses JSON up to 1 MB.
 */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.enableCors({ origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false });
  const rawWebhook = guardedParser(express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT }));
  app.use(WEBHOOK_PATH, (req: Request, res: Response, next: NextFunction) =>
    req.method === 'POST' && (req.path === '/' || req.path === '') ? rawWebhook(req, res, next) : next(),
  );
  app.use(guardedParser(express.json({ limit: JSON_LIMIT, verify: checkJsonBody, reviver: wellFormedStrings })));

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  return app;
}
