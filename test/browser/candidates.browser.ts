import { createCandidate, expect, expectAccessible, signIn, test } from './fixtures.js';

test('New candidate: the API’s message is shown next to the field, then the candidate is created', async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await page.getByRole('button', { name: 'New candidate' }).click();
  const form = page.getByRole('region', { name: 'New candidate' });
  await form.getByLabel('First name *').fill('Ada');
  await form.getByLabel('Last name *').fill('Lovelace');
  await form.getByLabel('E-mail *').fill('not-an-email');
  await form.getByLabel('Phone (E.164, e.g. +14155550199) *').fill('+14155550777');
  await form.getByLabel('Position').fill('Analyst');
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Create candidate' }).click();

  const email = form.getByLabel('E-mail *');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('email must be an email');
  await expect(form.getByRole('alert')).toHaveText('Please correct the fields marked below.');
  await expectAccessible(page);

  await email.fill('ada.lovelace@example.com');
  await form.getByRole('button', { name: 'Create candidate' }).click();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/candidates\/\d+$/);
});

test('search by e-mail, filters by status and outcome, and Load more with the API cursor', async ({ page, stack }) => {
  const hired = await createCandidate(stack, {
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace.hopper@navy.example',
  });
  await stack.api('PATCH', `/api/candidates/${hired.id}`, { status: 'hired' });
  for (let i = 0; i < 26; i++) await createCandidate(stack);

  await signIn(page, stack);
  const rows = page.getByRole('region', { name: 'Candidates table' }).getByRole('row');
  await expect(rows).toHaveCount(26); // header + 25: one page
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'shown' })).toHaveText(/^(2[7-9]|[3-9]\d) shown\.$/);

  const search = page.getByLabel('Search: start of name or e-mail');
  await search.fill('grace.hopper@navy');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Grace Hopper');

  // The filters narrow the search (other tests of this worker add candidates of their own).
  await page.getByLabel('Status').selectOption('hired');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Hired');
  await page.getByLabel('Status').selectOption('new');
  await expect(page.getByText('No candidate matches this search and these filters.')).toBeVisible();
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Last call outcome').selectOption('Not Interested');
  await expect(page.getByText('No candidate matches this search and these filters.')).toBeVisible();
  await page.getByLabel('Last call outcome').selectOption('');
  await page.getByLabel('Interview scheduled').selectOption('true');
  await expect(page.getByText('No candidate matches this search and these filters.')).toBeVisible();
  await page.getByLabel('Interview scheduled').selectOption('');
  await expect(rows).toHaveCount(2);
  await expectAccessible(page);
});
