import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApp } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';
import { createOpenApiDocument } from './openapi.js';

/**
 * `node dist/openapi-dump.js <file>`: writes the OpenAPI document to `<file>` (JSON) without
 * starting a server, for `npm run lint:openapi`. The app is built on a throw-away PGlite database
 * with placeholder keys, so the environment and `.env` play no part in the document.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node dist/openapi-dump.js <file>');
  const { config } = loadConfig({
    NODE_ENV: 'development',
    PGLITE_DATA_DIR: 'memory://',
    LOG_LEVEL: 'error', // the build runs it: its start-up warnings (e-mail off) are noise there
    RECONCILE_INTERVAL: '0',
    RETELL_API_KEY: 'openapi-dump-placeholder',
    API_KEYS: 'openapi-dump-placeholder',
  });
  const app = await createApp({ config });
  try {
    writeFileSync(file, `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `OpenAPI dump failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
