import { createCandidate, expect, expectAccessible, signIn, test } from './fixtures.js';
import type { ConsoleStack } from '../../tools/console-stack.js';

/** A candidate whose call booked an interview (the simulator's default script). */
async function bookedCandidate(stack: ConsoleStack, first: string): Promise<number> {
  const c = await createCandidate(stack, { first_name: first, last_name: 'Booked' });
  const { body: call } = await stack.api<{ call_id: string }>('POST', `/api/candidates/${c.id}/calls`);
  await stack.simulator.play(call.call_id);
  return c.id;
}

test('Interviews: upcoming by day with links to candidates, and the calendar feed link', async ({ page, stack }) => {
  const id = await bookedCandidate(stack, 'Iris');
  await signIn(page, stack);
  await page.getByRole('link', { name: 'Interviews' }).click();
  await expect(page.getByRole('heading', { name: 'Upcoming interviews' })).toBeVisible();
  // A personal feed link: created here, shown once, then revoked.
  await page.getByLabel('New link for').fill('Iris’s recruiter');
  await page.getByRole('button', { name: 'Create link' }).click();
  const feedLink = page.getByRole('link', { name: /\/api\/calendar\.ics\?token=/ });
  await expect(feedLink).toBeVisible();
  const feedPath = (await feedLink.getAttribute('href'))!;
  expect((await page.request.get(`${stack.baseUrl}${feedPath}`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Revoke the link for Iris’s recruiter' }).click();
  await expect(page.getByText('No link works yet.')).toBeVisible();
  expect((await page.request.get(`${stack.baseUrl}${feedPath}`)).status()).toBe(401);
  const link = page.getByRole('link', { name: 'Iris Booked' });
  await expect(link).toBeVisible();
  await expectAccessible(page);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/candidates/${id}$`));
});

test.describe('at a phone’s width (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('every page fits the screen and passes axe-core', async ({ page, stack }) => {
    const id = await bookedCandidate(stack, 'Pia');
    await signIn(page, stack);
    const pages = ['/', `/candidates/${id}`, '/interviews', '/deliveries', '/analytics'];
    for (const path of pages) {
      await page.goto(`${stack.baseUrl}${path}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
      // Against 390 itself: on a mobile viewport the layout viewport widens to whatever overflows.
      const overflow = ((await page.evaluate('document.documentElement.scrollWidth')) as number) - 390;
      expect([path, overflow]).toEqual([path, 0]);
      await expectAccessible(page);
    }
  });
});

test('every page passes axe-core at 1280 px once loaded', async ({ page, stack }) => {
  await signIn(page, stack);
  for (const path of ['/', '/interviews', '/deliveries', '/analytics']) {
    await page.goto(`${stack.baseUrl}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
    await expectAccessible(page);
  }
});

test('an unknown candidate and an unknown page are explained in words, not a blank page', async ({ page, stack }) => {
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/999999`);
  await expect(page.getByRole('alert')).toHaveText(
    'The candidate could not be loaded: There is no candidate with this id: it may have been erased.',
  );
  await expect(page.getByRole('link', { name: '← Candidates' })).toBeVisible();
  await page.goto(`${stack.baseUrl}/candidates/abc`);
  await expect(page.getByRole('alert')).toHaveText('This address names no candidate.');
  await expectAccessible(page);
});
