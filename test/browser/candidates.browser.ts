import { createCandidate, expect, expectAccessible, signIn, test } from './fixtures.js';

test('New candidate: every mistake is said in plain words next to its field at once, then the candidate is created', async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await page.getByRole('button', { name: 'New candidate' }).click();
  const form = page.getByRole('region', { name: 'New candidate' });
  await form.getByRole('button', { name: 'Create candidate' }).click();
  await expect(form.getByRole('alert')).toHaveText('Please correct the fields marked below.');
  await expect(form.getByLabel('First name *')).toHaveAccessibleDescription('Enter a first name');
  await expect(form.getByLabel('Last name *')).toHaveAccessibleDescription('Enter a last name');
  await expect(form.getByLabel('E-mail *')).toHaveAccessibleDescription(
    'Enter an e-mail address such as name@example.com',
  );
  await expect(form.getByLabel(/^Phone/)).toHaveAccessibleDescription('Enter a phone number');
  await expectAccessible(page);

  await form.getByLabel('First name *').fill('Ada');
  await form.getByLabel('Last name *').fill('Lovelace');
  await form.getByLabel('E-mail *').fill('ada.lovelace@example.com');
  // A national number with no zone: the service cannot tell the country, and says so.
  await form.getByLabel(/^Phone/).fill('(415) 555-0777');
  await form.getByRole('button', { name: 'Create candidate' }).click();
  const phone = form.getByLabel(/^Phone/);
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveAccessibleDescription(/^Enter a valid international phone number .*needs a time zone/);
  await expect(form.getByLabel('First name *')).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  // The zone names the country: the same national number is accepted.
  await form.getByLabel(/^Time zone/).fill('America/Chicago');
  await form.getByRole('button', { name: 'Create candidate' }).click();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/candidates\/\d+$/);
  await expect(page.getByRole('region', { name: 'Profile' }).getByLabel(/^Phone/)).toHaveValue('+14155550777');
});

test('a repeated e-mail (409 candidate_exists) links to the existing candidate', async ({ page, stack }) => {
  const existing = await createCandidate(stack, { first_name: 'Already', last_name: 'Here' });
  await signIn(page, stack);
  // The contract of POST /api/candidates for a repeated e-mail: 409, code candidate_exists, details.candidate_id.
  await page.route('**/api/candidates', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 409,
          contentType: 'application/json',
          body: JSON.stringify({
            statusCode: 409,
            error: 'Conflict',
            code: 'candidate_exists',
            message: 'A candidate with this e-mail exists',
            details: { candidate_id: existing.id },
          }),
        })
      : route.fallback(),
  );
  await page.getByRole('button', { name: 'New candidate' }).click();
  const form = page.getByRole('region', { name: 'New candidate' });
  await form.getByLabel('First name *').fill('Already');
  await form.getByLabel('Last name *').fill('Here');
  await form.getByLabel('E-mail *').fill(existing.email);
  await form.getByLabel(/^Phone/).fill('+14155550778');
  await form.getByRole('button', { name: 'Create candidate' }).click();
  await expect(form.getByRole('alert')).toContainText('A candidate with this e-mail address exists already.');
  await form.getByRole('link', { name: 'Open the existing candidate' }).click();
  await expect(page).toHaveURL(new RegExp(`/candidates/${existing.id}$`));
  await expect(page.getByRole('heading', { name: 'Already Here', level: 1 })).toBeVisible();
});

test('search, filters and sort live in the address (back keeps them), with the total, sortable columns and Load more', async ({
  page,
  stack,
}) => {
  const hired = await createCandidate(stack, {
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace.hopper@navy.example',
  });
  await stack.api('PATCH', `/api/candidates/${hired.id}`, { status: 'hired' });
  for (let i = 0; i < 26; i++) await createCandidate(stack);
  const { body: all } = await stack.api<{ total: number }>('GET', '/api/candidates?limit=1');

  await signIn(page, stack);
  const rows = page.getByRole('region', { name: 'Candidates table' }).getByRole('row');
  await expect(rows).toHaveCount(26); // header + 25: one page
  const count = page.getByRole('status').filter({ hasText: 'shown' });
  await expect(count).toHaveText(`${all.total} candidates; 25 shown.`);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(count).toHaveText(new RegExp(`^${all.total} candidates; (2[7-9]|[3-9]\\d) shown\\.$`));

  // Sort by name: the heading says so, and the address keeps it.
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page).toHaveURL(/[?&]sort=name/);
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/order=desc/);

  const search = page.getByLabel('Search: start of name or e-mail');
  await search.fill('grace.hopper@navy');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Grace Hopper');
  await expect(count).toHaveText('1 candidate matches; 1 shown.');
  await page.getByLabel('Status').selectOption('hired');
  await expect(rows).toHaveCount(2);
  await expect(page).toHaveURL(/status=hired/);
  await expect(page).toHaveURL(/q=grace\.hopper%40navy|q=grace.hopper@navy/);

  // Open the candidate, come back: the search, the filter and the sort are still there.
  await rows.nth(1).getByRole('link', { name: 'Grace Hopper' }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(search).toHaveValue('grace.hopper@navy');
  await expect(page.getByLabel('Status')).toHaveValue('hired');
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows).toHaveCount(2);
  // Back once more: the filter goes, the search stays.
  await page.goBack();
  await expect(page.getByLabel('Status')).toHaveValue('');

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
