import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { startConsoleStack, type ConsoleStack } from '../../tools/console-stack.js';

/** A zone (Etc/GMT±n) whose local hour is `hour` now: calls inside or outside 08:00-21:00 on demand. */
export function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT's sign is inverted (POSIX): Etc/GMT+5 is UTC-5.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

export interface Candidate {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
}

let serial = 0;
/** Creates a candidate through the API (unique e-mail and phone per call). */
export async function createCandidate(stack: ConsoleStack, fields: Record<string, unknown> = {}): Promise<Candidate> {
  serial += 1;
  const n = String(serial).padStart(2, '0');
  const { status, body } = await stack.api<Candidate>('POST', '/api/candidates', {
    first_name: 'Test',
    last_name: `Person${n}`,
    email: `person${n}.${Date.now()}@example.com`,
    phone: `+1415555${String(1000 + serial).slice(-4)}`,
    position: 'Data Engineer',
    ...fields,
  });
  if (status !== 201) throw new Error(`create candidate → ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Fails on any serious or critical axe-core violation of the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Signs in through the form. */
export async function signIn(page: Page, stack: ConsoleStack): Promise<void> {
  await page.goto(stack.baseUrl);
  await page.getByLabel('API key').fill(stack.apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Candidates', level: 1 })).toBeVisible();
}

/**
 * `stack`: one service per worker, on a throw-away PGlite, with calls inside 08:00-21:00 in the
 * default zone (a zone where it is midday now), webhooks 1.5 s apart so the page can be seen following them.
 */
export const test = base.extend<object, { stack: ConsoleStack }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads which fixtures a fixture needs from this pattern
    async ({}, use) => {
      const stack = await startConsoleStack({
        stepMs: 1_500,
        env: { CALLING_WINDOW: '08:00-21:00', DEFAULT_TIMEZONE: zoneAtLocalHour(12) },
      });
      try {
        await use(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

export { expect };
