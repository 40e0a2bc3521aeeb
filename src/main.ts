import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig, type LoadedConfig } from './config/app-config.js';
import { createApp } from './bootstrap.js';
import { lockDataDir } from './database/data-dir-lock.js';
import { hasConsole } from './console/console-static.js';

async function main(): Promise<void> {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig();
    if (loaded.config.usesPglite) lockDataDir(loaded.config.PGLITE_DATA_DIR);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const { config, developmentDefaults } = loaded;
  const app = await createApp({ config });
  const logger = app.get(Logger);
  if (developmentDefaults.length > 0) {
    logger.warn(
      `Development mode: ${developmentDefaults.join(' and ')} taken from .env.example. Set real values, and NODE_ENV=production, before going live.`,
    );
  }
  if (config.CALENDAR_FEED_TOKEN) {
    logger.warn(
      'CALENDAR_FEED_TOKEN is deprecated: create personal feed tokens (POST /api/calendar-feed/tokens), move subscriptions to them, then unset it.',
    );
  }
  await app.listen(config.PORT);
  const base = `http://localhost:${config.PORT}`;
  logger.log(
    `Listening on ${base}/api (OpenAPI at ${base}/docs); ` +
      (hasConsole() ? `recruiter console at ${base}/` : 'no recruiter console (not built: npm run build)'),
  );
}

void main();
