import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { Reconciler } from './calls/reconciler.service.js';
import { loadConfig } from './config/app-config.js';

/**
 * `npm run reconcile`: one reconciliation sweep, on demand, then exit. Uses the same configuration
 * as the service and takes the same advisory lock, so it is safe beside running replicas.
 * Prints the sweep's report as JSON on stdout.
 */
async function main(): Promise<void> {
  const { config } = loadConfig();
  config.RECONCILE_INTERVAL = 0;
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    const report = await app.get(Reconciler).sweep();
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Reconciliation failed: ${(error as Error).name}\n`);
  process.exit(1);
});
