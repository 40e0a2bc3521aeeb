import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { Reconciler } from './calls/reconciler.service.js';
import { loadConfig } from './config/app-config.js';
import { lockDataDir } from './database/data-dir-lock.js';

/**
 * `npm run reconcile`: one reconciliation sweep, on demand, then exit. Uses the same configuration
 * as the service and, on Postgres, the same advisory lock, so it is safe beside running replicas.
 * On the embedded database it needs `--offline` (the service stopped). Prints the report as JSON.
 */
async function main(): Promise<void> {
  const { config } = loadConfig();
  if (config.usesPglite && !process.argv.includes('--offline')) {
    process.stderr.write(
      'The embedded database belongs to one process: the running service sweeps it every RECONCILE_INTERVAL minutes.\n' +
        'Stop the service and run `npm run reconcile -- --offline`, or use DATABASE_URL (Postgres).\n',
    );
    process.exit(2);
  }
  try {
    if (config.usesPglite) lockDataDir(config.PGLITE_DATA_DIR);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  config.RECONCILE_INTERVAL = 0;
  // Keep stdout for the report: the framework's start-up lines are info.
  if (config.LOG_LEVEL === 'info') config.LOG_LEVEL = 'warn';
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
