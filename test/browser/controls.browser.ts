import { createCandidate, expect, expectAccessible, signIn, test, zoneAtLocalHour } from './fixtures.js';

test('book an interview by hand: the panel, the invitation e-mail and the status follow', async ({ page, stack }) => {
  const ben = await createCandidate(stack, { first_name: 'Ben', last_name: 'Manual', timezone: 'America/Chicago' });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${ben.id}`);
  const interview = page.getByRole('region', { name: 'Interview' });
  const book = interview.getByRole('form', { name: 'Book an interview' });
  await book.getByRole('button', { name: 'Book and send the invitation' }).click();
  await expect(book.getByRole('alert')).toHaveText('Pick a date and time.');
  await book.getByLabel(/^Starts at/).fill('2030-03-04T16:30');
  await expect(book).toContainText('for them.');
  await book.getByLabel(/^Length in minutes/).fill('30');
  await expectAccessible(page);
  await book.getByRole('button', { name: 'Book and send the invitation' }).click();
  await expect(interview).toContainText('Candidate’s time');
  await expect(interview).toContainText('30 min');
  await expect(interview).toContainText('(America/Chicago)');
  await expect(interview.getByRole('listitem').first()).toContainText('Interview Confirmation');
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Interviewing');
});

test('the decision starts on no choice; a reject says it cancels the interview and e-mails, and asks first', async ({
  page,
  stack,
}) => {
  const ria = await createCandidate(stack, { first_name: 'Ria', last_name: 'Decide', timezone: 'America/New_York' });
  await stack.api('POST', `/api/candidates/${ria.id}/interviews`, {
    starts_at: '2030-05-06T15:00:00-04:00',
    timezone: 'America/New_York',
  });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${ria.id}`);
  const decision = page.getByLabel('Recruiter’s decision');
  await expect(decision).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Set status…' })).toBeDisabled();
  await decision.selectOption('rejected');
  await page.getByRole('button', { name: 'Set status…' }).click();
  const confirm = page.getByRole('group', { name: /Ria Decide will be marked rejected/ });
  await expect(confirm).toContainText('No more calls will be placed.');
  await expect(confirm).toContainText('will be cancelled, and Ria Decide will be e-mailed the cancellation.');
  await expectAccessible(page);
  // Changing one's mind changes nothing.
  await confirm.getByRole('button', { name: /^Keep as / }).click();
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Interviewing');
  expect((await stack.api<{ status: string }>('GET', `/api/candidates/${ria.id}`)).body.status).toBe('interviewing');

  await page.getByRole('button', { name: 'Set status…' }).click();
  await page.getByRole('button', { name: 'Yes, mark as rejected' }).click();
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Rejected');
  const interview = page.getByRole('region', { name: 'Interview' });
  await expect(interview).toContainText('Interview Cancelled');
  await expect(decision).toHaveValue('');
});

test('erase a candidate: the confirmation names what goes, then the candidate is gone', async ({ page, stack }) => {
  const eve = await createCandidate(stack, { first_name: 'Eve', last_name: 'Erased', timezone: zoneAtLocalHour(12) });
  const { body: call } = await stack.api<{ call_id: string }>('POST', `/api/candidates/${eve.id}/calls`);
  await stack.simulator.play(call.call_id);
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${eve.id}`);
  await expect(page.getByRole('region', { name: 'Call history' }).getByRole('article')).toHaveCount(1);
  await page.getByRole('button', { name: 'Erase candidate…' }).click();
  const erase = page.getByRole('region', { name: 'Erase' });
  await expect(erase).toContainText('Erase Eve Erased? This deletes for good, and cannot be undone:');
  await expect(erase).toContainText(eve.email);
  await expect(erase).toContainText('1 call with their transcripts, recording links and analyses');
  await expect(erase).toContainText('no cancellation e-mail is sent');
  await expectAccessible(page);
  await erase.getByRole('button', { name: 'Keep the candidate' }).click();
  expect((await stack.api('GET', `/api/candidates/${eve.id}`)).status).toBe(200);

  await page.getByRole('button', { name: 'Erase candidate…' }).click();
  await page.getByRole('button', { name: 'Yes, erase Eve Erased' }).click();
  await expect(page.getByRole('heading', { name: 'Candidates', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Eve Erased was erased.' })).toBeVisible();
  expect((await stack.api('GET', `/api/candidates/${eve.id}`)).status).toBe(404);
});
