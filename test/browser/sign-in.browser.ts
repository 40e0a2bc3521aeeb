import { expect, expectAccessible, signIn, test } from './fixtures.js';

test('a wrong key is refused in words; the right key signs in; Sign out forgets it', async ({ page, stack }) => {
  await page.goto(stack.baseUrl);
  await expect(page.getByRole('heading', { name: 'Recruiter console' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('API key').fill('not-the-key-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('This API key was not accepted. Check it and try again.');
  expect(await page.evaluate(() => localStorage.length)).toBe(0);

  await signIn(page, stack);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Candidates', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('API key')).toBeVisible();
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
});

test('one sign-in serves every tab; Sign out in one tab signs out every tab', async ({ page, context, stack }) => {
  await signIn(page, stack);
  const other = await context.newPage();
  await other.goto(`${stack.baseUrl}/deliveries`);
  await expect(other.getByRole('heading', { name: 'Webhook deliveries', level: 1 })).toBeVisible();
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(other.getByLabel('API key')).toBeVisible();
  await expect(page.getByLabel('API key')).toBeVisible();
  await other.close();
});

test('a key that stops working (401) sends the tab back to sign-in', async ({ page, stack }) => {
  await signIn(page, stack);
  await page.evaluate(() => localStorage.setItem('retell-ats.api-key', 'revoked-key-000000'));
  await page.getByRole('link', { name: 'Deliveries' }).click();
  await expect(page.getByLabel('API key')).toBeVisible();
});

test('a deep link is served by the console and keyboard focus reaches the navigation', async ({ page, stack }) => {
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/no-such-page`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Candidates', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Candidates', level: 1 })).toBeVisible();
});
