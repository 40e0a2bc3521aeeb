import type { Page } from '@playwright/test';
import type { ConsoleStack } from '../../tools/console-stack.js';
import { createCandidate, expect, expectAccessible, signIn, test } from './fixtures.js';

/** The outcome of each call is chosen by the number's last three digits (tools/retell-simulator.ts). */
const BOOKS = '+14155556100';
const DECLINES = '+14155556901';
const VOICEMAIL = '+14155556902';

/** Waits until the simulator has a call in progress to each number, and returns their ids. */
async function placedCalls(stack: ConsoleStack, numbers: string[]): Promise<string[]> {
  const live = () =>
    [...stack.simulator.calls.values()].filter((c) => numbers.includes(c.to_number) && c.call_status === 'registered');
  await expect.poll(() => live().length, { timeout: 15_000 }).toBe(numbers.length);
  return live().map((c) => c.call_id);
}

/** The id of the campaign whose page is open. */
function campaignIdOf(page: Page): number {
  return Number(/\/campaigns\/(\d+)$/.exec(page.url())?.[1]);
}

/** The page, once loaded, is no wider than the screen (against `width` itself: a mobile viewport widens to what overflows). */
async function fitsPhone(page: Page, width: number): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  const overflow = ((await page.evaluate('document.documentElement.scrollWidth')) as number) - width;
  expect([page.url(), overflow]).toEqual([page.url(), 0]);
}

test('a campaign from the candidates list: the form carries the filter and says every mistake, then it calls, progresses live, ranks and shows screening answers', async ({
  page,
  stack,
}) => {
  // A position of their own: with the status filter, the campaign calls exactly these three.
  const position = `Campaign Engineer ${Date.now()}`;
  // Ned is added before Ana, so the ranking's order (Ana first) is not the order they were added in.
  const ned = await createCandidate(stack, { first_name: 'Ned', last_name: 'Declines', position, phone: DECLINES });
  await createCandidate(stack, { first_name: 'Ana', last_name: 'Books', position, phone: BOOKS });
  const val = await createCandidate(stack, { first_name: 'Val', last_name: 'Voicemail', position, phone: VOICEMAIL });
  // Val has no zone of their own: calls follow the service's default one, which the console shows.
  const { body: valView } = await stack.api<{ outreach: { timezone: string } }>('GET', `/api/candidates/${val.id}`);

  await signIn(page, stack);
  await page.getByLabel('Status').selectOption('new');
  await page.getByRole('button', { name: 'Create campaign from this list' }).click();
  await expect(page).toHaveURL(/\/campaigns\?new=1&status=new$/);
  const form = page.getByRole('region', { name: 'New campaign' });
  await expect(form.getByLabel('Status')).toHaveValue('new');

  // Every mistake at once, each by its field.
  await form.getByLabel('Status').selectOption('');
  await form.getByLabel('Calls per candidate at most').fill('11');
  await form.getByLabel('Waits between calls').fill('four hours');
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) await form.getByLabel(day).uncheck();
  await form.getByRole('button', { name: 'Create campaign' }).click();
  await expect(form.getByRole('alert')).toHaveText('Please correct the fields marked below.');
  await expect(form.getByLabel('Name *')).toHaveAccessibleDescription('Enter a name for the campaign');
  await expect(form.getByRole('group', { name: 'Who to call *' })).toHaveAccessibleDescription(
    /^Choose who to call: a status, a position, or candidates selected on the Candidates page/,
  );
  await expect(form.getByLabel('Calls per candidate at most')).toHaveAccessibleDescription(
    'Enter a whole number of calls from 1 to 10',
  );
  await expect(form.getByLabel('Waits between calls')).toHaveAccessibleDescription(
    /^Enter 1 to 10 waits .*PT30M is 30 minutes/,
  );
  await expect(form.getByRole('group', { name: 'Calling days *' })).toHaveAccessibleDescription(
    /^Tick at least one day/,
  );
  await expect(form.getByLabel('Calls at the same time at most')).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  // A wait the form cannot judge (41 days): the service refuses it, and the form says so by the field.
  await form.getByLabel('Name *').fill(`Screening ${position}`);
  await form.getByLabel('Status').selectOption('new');
  await form.getByLabel(/^Position/).fill(position);
  await form.getByLabel('Calls per candidate at most').fill('2');
  await form.getByLabel('Waits between calls').fill('PT4H, P41D');
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
    await form.getByLabel(day).check();
  await form.getByLabel(/^Spending per day/).fill('12.50');
  await form.getByRole('button', { name: 'Create campaign' }).click();
  await expect(form.getByLabel('Waits between calls')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Waits between calls')).toHaveAccessibleDescription(
    /^Enter 1 to 10 waits of 1 minute to 30 days/,
  );
  await expect(form.getByLabel('Name *')).not.toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Waits between calls').fill('PT4H');
  await form.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page.getByRole('heading', { name: `Screening ${position}`, level: 1 })).toBeVisible();
  const id = campaignIdOf(page);
  const { body: saved } = await stack.api<{ daily_budget_cents: number; calling_days: number[]; max_attempts: number }>(
    'GET',
    `/api/campaigns/${id}`,
  );
  expect(saved).toMatchObject({ daily_budget_cents: 1250, calling_days: [1, 2, 3, 4, 5, 6, 7], max_attempts: 2 });

  const head = page.getByRole('heading', { level: 1 }).locator('..');
  const progress = page.getByRole('region', { name: 'Progress' });
  const rows = page.getByRole('region', { name: 'Campaign candidates table' }).getByRole('row');
  await expect(head).toContainText('Draft');
  await expect(page.getByRole('region', { name: 'Settings' })).toContainText('at most $12.50');
  await expect(progress).toContainText('0 of 3 finished');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: 'Queued' })).toHaveCount(3);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(head).toContainText('Running');
  const calls = await placedCalls(stack, [BOOKS, DECLINES, VOICEMAIL]);
  await expect(progress).toContainText('0 of 3 finished · 3 on a call now');
  await expect(rows.filter({ hasText: 'Calling' })).toHaveCount(3);

  // The calls end: the page follows without a reload.
  await Promise.all(calls.map((call) => stack.simulator.play(call)));
  await expect(progress).toContainText('2 of 3 finished');
  const valRow = rows.filter({ hasText: 'Val Voicemail' });
  await expect(valRow).toContainText('Retry scheduled');
  await expect(valRow).toContainText('Voicemail');
  await expect(valRow).toContainText(`their time (${valView.outreach.timezone})`);
  await expect(valRow).toContainText('your time (Europe/Paris)');
  await expect(rows.nth(1)).toContainText('Ned Declines');
  await expect(rows.nth(1)).toContainText('Not interested');

  await page.getByLabel('State').selectOption('completed');
  await expect(page).toHaveURL(/state=completed/);
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Val Voicemail' })).toHaveCount(0);

  // The ranking: the qualified, interested candidate first, with the answers.
  await page.getByRole('link', { name: 'Ranking' }).click();
  const ranked = page.getByRole('region', { name: 'Ranking table' }).getByRole('row');
  await expect(ranked).toHaveCount(3);
  await expect(ranked.nth(1)).toContainText('Ana Books');
  await expect(ranked.nth(1)).toContainText('Yes');
  await expect(ranked.nth(1)).toContainText('High');
  await expect(ranked.nth(1)).toContainText('6 years');
  await expect(ranked.nth(1)).toContainText('135,000 a year');
  await expect(ranked.nth(1)).toContainText('TypeScript, PostgreSQL, AWS');
  await expect(ranked.nth(2)).toContainText('Ned Declines');
  await expect(ranked.nth(2)).toContainText('Not Interested');
  await expectAccessible(page);

  // Pause and resume; cancel says what it does first, and changing one's mind changes nothing.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(head).toContainText('Paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(head).toContainText('Running');
  await page.getByRole('button', { name: 'Cancel campaign…' }).click();
  const confirm = page.getByRole('group', { name: /^Cancel “Screening/ });
  await expect(confirm).toContainText('1 candidate waiting for a call will not be called');
  await expectAccessible(page);
  await confirm.getByRole('button', { name: 'Keep the campaign' }).click();
  await expect(head).toContainText('Running');
  await page.getByRole('button', { name: 'Cancel campaign…' }).click();
  await page.getByRole('button', { name: 'Yes, cancel the campaign' }).click();
  await expect(head).toContainText('Cancelled');
  await expect(page.getByText('This campaign is cancelled: no more calls are placed.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add candidates' })).toHaveCount(0);
  await expect(progress).toContainText('3 of 3 finished');

  // The candidate's page shows the answers the campaign's call gathered.
  await page.getByRole('link', { name: 'Ana Books' }).click();
  await expect(page.getByRole('heading', { name: 'Ana Books', level: 1 })).toBeVisible();
  const answers = page.getByRole('region', { name: 'Screening answers' });
  for (const text of [
    'Qualified',
    'Yes',
    'High',
    '6 years',
    '135,000 a year',
    'TypeScript, PostgreSQL, AWS',
    'Is the role remote?',
  ])
    await expect(answers).toContainText(text);
  await page.goto(`${stack.baseUrl}/candidates/${ned.id}`);
  await expect(page.getByRole('region', { name: 'Screening answers' })).toContainText('Happy in current role');

  // The list shows it with its progress.
  await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
  const listed = page.getByRole('region', { name: 'Campaigns table' }).getByRole('row').filter({ hasText: position });
  await expect(listed).toContainText('Cancelled');
  await expect(listed).toContainText('3 of 3 finished');
});

test('candidates selected on the list become the audience of a new campaign', async ({ page, stack }) => {
  const last = `Picked${Date.now()}`;
  await createCandidate(stack, { first_name: 'Sam', last_name: last });
  await createCandidate(stack, { first_name: 'Tia', last_name: last });
  await createCandidate(stack, { first_name: 'Uma', last_name: last });
  await signIn(page, stack);
  await page.getByLabel('Search: start of name or e-mail').fill(last);
  await expect(page.getByRole('region', { name: 'Candidates table' }).getByRole('row')).toHaveCount(4);
  await page.getByLabel(`Select Sam ${last}`).check();
  await page.getByLabel(`Select Uma ${last}`).check();
  await page.getByRole('button', { name: 'Create campaign from 2 selected' }).click();
  const form = page.getByRole('region', { name: 'New campaign' });
  await expect(form).toContainText('2 candidates selected on the Candidates page.');
  await expect(form.getByLabel('Status')).toHaveValue('');
  await form.getByLabel('Name *').fill(`Two of ${last}`);
  await form.getByRole('button', { name: 'Create campaign' }).click();
  const rows = page.getByRole('region', { name: 'Campaign candidates table' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText(`Sam ${last}`);
  await expect(rows.nth(2)).toContainText(`Uma ${last}`);
});

test('the new-campaign form sends the recruiter, the agent and the details the agent reads, and refuses a bad name before sending', async ({
  page,
  stack,
}) => {
  const c = await createCandidate(stack, { first_name: 'Rae', last_name: `Details${Date.now()}` });
  const name = `Details for ${c.last_name}`;
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/campaigns?new=1&ids=${c.id}`);
  const form = page.getByRole('region', { name: 'New campaign' });
  await form.getByLabel('Name *').fill(name);
  await form.getByLabel('Recruiter (optional)').fill('Emma Johnson');
  await form.getByLabel('Retell agent id (optional)').fill('agent 7');
  await form.getByLabel('Name 1').fill('screening_questions');
  await form.getByLabel('Text 1').fill('Years of TypeScript? Notice period?');
  await form.getByRole('button', { name: 'Add a row' }).click();
  await form.getByLabel('Name 2').fill('2nd question');
  await form.getByLabel('Text 2').fill('Salary?');
  // A third row left empty is ignored.
  await form.getByRole('button', { name: 'Add a row' }).click();
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/campaigns') sent.push(request.url());
  });

  await form.getByRole('button', { name: 'Create campaign' }).click();
  await expect(form.getByRole('alert')).toHaveText('Please correct the fields marked below.');
  await expect(form.getByLabel('Name 2')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Name 2')).toHaveAccessibleDescription(
    /^A name is letters, digits and _ only, starting with a letter or _/,
  );
  await expect(form.getByLabel('Retell agent id (optional)')).toHaveAccessibleDescription(
    /^Enter a Retell agent id such as agent_7d2f0c1e9b/,
  );
  for (const label of ['Name 1', 'Text 2', 'Name 3', 'Recruiter (optional)'])
    await expect(form.getByLabel(label)).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  expect(sent).toEqual([]);

  await form.getByRole('button', { name: 'Remove row 2' }).click();
  await expect(form.getByLabel('Name 2')).toHaveValue('');
  await form.getByLabel('Retell agent id (optional)').fill('agent_console_other');
  await form.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  expect(sent).toHaveLength(1);
  const { body } = await stack.api<{
    recruiter: string | null;
    agent_id: string | null;
    dynamic_variables: Record<string, string>;
  }>('GET', `/api/campaigns/${campaignIdOf(page)}`);
  expect(body).toMatchObject({ recruiter: 'Emma Johnson', agent_id: 'agent_console_other' });
  expect(body.dynamic_variables).toEqual({ screening_questions: 'Years of TypeScript? Notice period?' });
  const settings = page.getByRole('region', { name: 'Settings' });
  await expect(settings).toContainText('Emma Johnson');
  await expect(settings).toContainText('screening_questions: Years of TypeScript? Notice period?');
});

test('“Add candidates” adds candidates by id to a campaign, says what is wrong in words, and the counts go up', async ({
  page,
  stack,
}) => {
  const last = `Added${Date.now()}`;
  const ada = await createCandidate(stack, { first_name: 'Ada', last_name: last });
  const bo = await createCandidate(stack, { first_name: 'Bo', last_name: last });
  const { body: campaign } = await stack.api<{ id: number }>('POST', '/api/campaigns', {
    name: `Growing ${last}`,
    candidate_ids: [ada.id],
  });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/campaigns/${campaign.id}`);
  const progress = page.getByRole('region', { name: 'Progress' });
  await expect(progress).toContainText('0 of 1 finished');
  await page.getByRole('button', { name: 'Add candidates' }).click();
  const panel = page.getByRole('region', { name: 'Add candidates' });
  const ids = panel.getByLabel('Candidate ids');
  const add = panel.getByRole('button', { name: 'Add', exact: true });

  await add.click();
  await expect(panel.getByRole('alert')).toHaveText('Choose a status other than “Any status”, or enter candidate ids.');
  await ids.fill(`${bo.id}, Bo`);
  await add.click();
  await expect(ids).toHaveAccessibleDescription(/^Enter candidate ids as whole numbers separated by commas/);
  // An id the service does not know: it lists it, and nothing is added.
  await ids.fill(`${bo.id}, 987654`);
  await add.click();
  await expect(ids).toHaveAccessibleDescription(/^Unknown candidate ids: 987654/);
  await expectAccessible(page);

  await ids.fill(`${ada.id}, ${bo.id}`);
  await add.click();
  await expect(panel.getByRole('status')).toHaveText('Added 1 candidate. The campaign now has 2.');
  await expect(ids).toHaveValue('');
  await expect(progress).toContainText('0 of 2 finished');
  const rows = page.getByRole('region', { name: 'Campaign candidates table' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toContainText(`Bo ${last}`);
  await expect(rows.nth(2)).toContainText('Queued');
  const { body } = await stack.api<{ counts: { queued: number } }>('GET', `/api/campaigns/${campaign.id}`);
  expect(body.counts.queued).toBe(2);
});

test.describe('at a phone’s width (375 px)', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('the campaign pages fit the screen and pass axe-core', async ({ page, stack }) => {
    const c = await createCandidate(stack, { first_name: 'Pim', last_name: 'Phone' });
    const { body } = await stack.api<{ id: number }>('POST', '/api/campaigns', {
      name: 'A campaign with a rather long name, to see it wrap on a phone',
      candidate_ids: [c.id],
      daily_budget_cents: 5000,
    });
    await signIn(page, stack);
    for (const path of ['/campaigns?new=1', `/campaigns/${body.id}`, `/campaigns/${body.id}?view=ranking`]) {
      await page.goto(`${stack.baseUrl}${path}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await fitsPhone(page, 375);
      await expectAccessible(page);
    }
    await page.goto(`${stack.baseUrl}/campaigns/${body.id}`);
    await page.getByRole('button', { name: 'Add candidates' }).click();
    await expect(page.getByRole('region', { name: 'Add candidates' })).toBeVisible();
    await fitsPhone(page, 375);
    await expectAccessible(page);
  });
});
