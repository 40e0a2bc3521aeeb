import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './tools/console-stack.js';

/**
 * `npm run test:browser`: the console in Debian's Chromium (`CHROMIUM_PATH`, default
 * /usr/bin/chromium), against the built service. One worker: each worker starts its own service,
 * simulator and SMTP catcher (test/browser/fixtures.ts), and the machine has two cores.
 */
export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.browser.ts',
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
