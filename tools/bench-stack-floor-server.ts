/**
 * The stack floor of `npm run bench`: the floor's work (tools/bench-floor-server.ts: awaited
 * `Retell.verify` over the raw body, `JSON.parse`, one `INSERT … ON CONFLICT DO NOTHING` of the raw
 * event) done through the service's own stack: NestJS on Express, helmet, nestjs-pino with the
 * service's request ids, a guard, and TypeORM's `DataSource.query` (over `pg`, or PGlite). No transaction
 * block, no candidate, no call record. The gap between this and the bare floor is what the stack
 * costs before the service does any work of its own.
 *
 * With FLOOR_PGLITE_DIR instead of FLOOR_DATABASE_URL, the database is an embedded PGlite in that
 * directory, opened with the service's own options and migrations (the built `dist/`), and the table
 * is a `LIKE retell_webhook_events INCLUDING ALL` copy, as the bench makes on Postgres.
 *
 * Environment: FLOOR_DATABASE_URL or FLOOR_PGLITE_DIR, FLOOR_TABLE, RETELL_API_KEY, PORT, DB_POOL_MAX, LOG_LEVEL.
 * POST /api/webhooks/retell → 200 stored or duplicate, 401 bad signature, 400 malformed, 503 not stored.
 * GET /api/health → 200.
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  Post,
  ServiceUnavailableException,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import express from 'express';
import helmet from 'helmet';
import { Logger, LoggerModule } from 'nestjs-pino';
import Retell from 'retell-sdk';
import { DataSource, type DataSourceOptions } from 'typeorm';

const env = process.env;
const apiKey = env.RETELL_API_KEY ?? '';
const table = env.FLOOR_TABLE ?? 'bench_floor_events';
const pgliteDir = env.FLOOR_PGLITE_DIR;
if (!(env.FLOOR_DATABASE_URL || pgliteDir) || !apiKey || !/^[a-z_][a-z0-9_]*$/.test(table)) {
  process.stderr.write(
    'FLOOR_DATABASE_URL or FLOOR_PGLITE_DIR, RETELL_API_KEY and a plain FLOOR_TABLE name are required\n',
  );
  process.exit(1);
}

const insert = `INSERT INTO ${table} (event, call_id, body_hash, payload, outcome)
  VALUES ($1, $2, $3, $4::jsonb, 'applied')
  ON CONFLICT (call_id, event, body_hash) WHERE duplicate_of IS NULL DO NOTHING`;

/** The service's data-source module, compiled (tools are compiled apart from `src/`). */
interface ServiceDataSourceOptions {
  COMPILED_MIGRATIONS: string[];
  pgliteDataSourceOptions(dataDir: string, migrations: string[]): DataSourceOptions;
}

/** Postgres by URL; or PGlite in `dir` as the service opens it, migrated, with the floor's table. */
async function openDatabase(dir: string | undefined): Promise<DataSource> {
  if (!dir) {
    const options = { url: env.FLOOR_DATABASE_URL, extra: { max: Number(env.DB_POOL_MAX ?? 10) } };
    return new DataSource({ type: 'postgres', ...options }).initialize();
  }
  const service = (await import(
    new URL('../dist/database/data-source-options.js', import.meta.url).href
  )) as ServiceDataSourceOptions;
  const opened = await new DataSource(service.pgliteDataSourceOptions(dir, service.COMPILED_MIGRATIONS)).initialize();
  await opened.runMigrations();
  await opened.query(`CREATE TABLE IF NOT EXISTS ${table} (LIKE retell_webhook_events INCLUDING ALL)`);
  return opened;
}

let dataSource: DataSource | undefined;

@Injectable()
class SignatureGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.headers['x-retell-signature'];
    const body: unknown = request.body;
    const valid =
      typeof signature === 'string' &&
      Buffer.isBuffer(body) &&
      (await Retell.verify(body.toString('utf8'), apiKey, signature).catch(() => false));
    if (!valid) throw new UnauthorizedException('invalid signature');
    return true;
  }
}

@Controller()
class FloorController {
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Post('webhooks/retell')
  @HttpCode(200)
  @UseGuards(SignatureGuard)
  async receive(@Body() raw: Buffer): Promise<{ stored: boolean }> {
    let body: { event?: unknown; call?: { call_id?: unknown } };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      throw new BadRequestException('invalid JSON');
    }
    if (typeof body.event !== 'string' || typeof body.call?.call_id !== 'string') {
      throw new BadRequestException('event and call.call_id are required');
    }
    const hash = createHash('sha256').update(raw).digest('hex');
    try {
      await dataSource!.query(insert, [body.event, body.call.call_id, hash, raw.toString('utf8')]);
    } catch {
      throw new ServiceUnavailableException('not stored');
    }
    return { stored: true };
  }
}

@Module({
  imports: [
    // The service's request logging (src/common/logger.module.ts): a request id per request, and
    // the request line logged at info (so not at the bench's usual LOG_LEVEL, warn).
    LoggerModule.forRoot({
      pinoHttp: {
        level: env.LOG_LEVEL ?? 'warn',
        genReqId: (_req: IncomingMessage, res: ServerResponse) => {
          const id = randomUUID();
          res.setHeader('x-request-id', id);
          return id;
        },
      },
    }),
  ],
  controllers: [FloorController],
})
class FloorModule {}

async function main(): Promise<void> {
  dataSource = await openDatabase(pgliteDir);
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.use('/api/webhooks/retell', express.raw({ type: () => true, limit: '1mb', inflate: false }));
  const server = await app.listen(Number(env.PORT ?? 0), '127.0.0.1');
  server.keepAliveTimeout = 60_000;
  process.stdout.write(`stack floor listening on ${JSON.stringify(server.address())}\n`);
}

async function shutdown(): Promise<void> {
  await dataSource?.destroy().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

void main();
