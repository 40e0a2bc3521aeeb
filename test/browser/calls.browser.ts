import { readFileSync } from 'node:fs';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import { createCandidate, expect, expectAccessible, signIn, test, zoneAtLocalHour } from './fixtures.js';

test('Call now: the page follows the simulator’s webhooks live, then shows transcript, recording, interview and invite', async ({
  page,
  stack,
}) => {
  const maya = await createCandidate(stack, { first_name: 'Maya', last_name: 'Chen', timezone: zoneAtLocalHour(12) });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${maya.id}`);
  await expect(page.getByText('No calls yet. “Call now” places one.')).toBeVisible();

  await page.getByRole('button', { name: 'Call now' }).click();
  await expect(page.getByText('The call is placed: this page follows it live.')).toBeVisible();
  const history = page.getByRole('region', { name: 'Call history' });
  await expect(history.getByText('Registered')).toBeVisible();
  const { body: calls } = await stack.api<{ call_id: string }[]>('GET', `/api/candidates/${maya.id}/calls`);
  const callId = calls[0].call_id;
  const registered = stack.simulator.calls.get(callId)!;
  const final = stack.simulator.advance(callId); // what Retell ends with: booked, analysed
  const { call_analysis: _analysis, ...ended } = final;
  const deliver = async (event: string, call: PhoneCallResponse, outcome: string): Promise<void> => {
    expect(await stack.simulator.deliver(event, call)).toBe(200);
    const { body } = await stack.api<{ items: { event: string; outcome: string }[] }>(
      'GET',
      `/api/webhooks/retell/events?call_id=${callId}&limit=1`,
    );
    expect(body.items[0]).toMatchObject({ event, outcome });
  };

  // No reload from here on: the page asks again every 2 s while the call is live; each webhook
  // must show within 5 s. The order is the simulator's: the analysis overtakes call_ended, and is
  // delivered twice.
  await expect(page.getByText('Call in progress or awaiting its analysis: updating live')).toBeVisible();
  await deliver(
    'call_started',
    { ...registered, call_status: 'ongoing', start_timestamp: final.start_timestamp },
    'applied',
  );
  await expect(history.getByText('Ongoing')).toBeVisible({ timeout: 5_000 });
  await deliver('call_analyzed', final, 'applied');
  await expect(history.getByText('Interview Scheduled')).toBeVisible({ timeout: 5_000 });
  await expect(history.getByText('Ended', { exact: true })).toBeVisible({ timeout: 5_000 });
  await deliver('call_analyzed', final, 'duplicate');
  await deliver('call_ended', ended as PhoneCallResponse, 'applied');
  await expect(page.getByText('Call in progress or awaiting its analysis: updating live')).toBeHidden({
    timeout: 5_000,
  });
  await expect(page.getByRole('heading', { level: 1 }).locator('..').getByText('Interviewing')).toBeVisible();

  const call = history.getByRole('article');
  await expect(call).toContainText('High'); // interest
  await expect(call).toContainText('Positive'); // sentiment
  await expect(call).toContainText('1 min 00 s');
  await expect(call).toContainText('Screened Maya; interview booked.');
  await expect(call.locator('audio')).toHaveAttribute('src', /recordings\/call_.*\.wav$/);
  await call.getByText(/Transcript \(2 turns\)/).click();
  await expect(call.getByRole('listitem').nth(0)).toHaveText(/^Agent\s*Hi Maya/);
  await expect(call.getByRole('listitem').nth(1)).toHaveText(/^Candidate\s*That works\./);

  const interview = page.getByRole('region', { name: 'Interview' });
  await expect(interview).toContainText('Candidate’s time');
  await expect(interview).toContainText('Your time');
  await expect(interview).toContainText('(Europe/Paris)');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    interview.getByRole('button', { name: 'Download invite (.ics)' }).click(),
  ]);
  const ics = readFileSync(await download.path(), 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain('METHOD:REQUEST');
  await expectAccessible(page);

  await expect.poll(() => stack.smtp.mails.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Interview' }).getByRole('listitem').first()).toContainText('Sent');

  // Reschedule, then cancel, each sends an e-mail.
  await interview.getByLabel(/New time/).fill('2030-01-15T10:30');
  await interview.getByRole('button', { name: 'Reschedule' }).click();
  await expect(interview.getByRole('status')).toHaveText(/^Moved to /);
  await interview.getByRole('button', { name: 'Cancel interview' }).click();
  await interview.getByRole('button', { name: 'Yes, cancel the interview' }).click();
  await expect(interview).toContainText('Cancelled');
});

test('in Retell’s usual order the page keeps following an ended call until its analysis arrives', async ({
  page,
  stack,
}) => {
  const leo = await createCandidate(stack, { first_name: 'Leo', last_name: 'Late', timezone: zoneAtLocalHour(12) });
  const { body: placed } = await stack.api<{ call_id: string }>('POST', `/api/candidates/${leo.id}/calls`);
  const registered = stack.simulator.calls.get(placed.call_id)!;
  const final = stack.simulator.advance(placed.call_id);
  const { call_analysis: _analysis, ...ended } = final;
  expect(await stack.simulator.deliver('call_started', { ...registered, call_status: 'ongoing' })).toBe(200);
  expect(await stack.simulator.deliver('call_ended', ended as PhoneCallResponse)).toBe(200);

  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${leo.id}`);
  const history = page.getByRole('region', { name: 'Call history' });
  await expect(history.getByText('Ended', { exact: true })).toBeVisible();
  await expect(page.getByText('Call in progress or awaiting its analysis: updating live')).toBeVisible();
  expect(await stack.simulator.deliver('call_analyzed', final)).toBe(200);
  await expect(history.getByText('Interview Scheduled')).toBeVisible({ timeout: 5_000 });
  await expect(page.getByText('Call in progress or awaiting its analysis: updating live')).toBeHidden({
    timeout: 5_000,
  });
});

test('a refused call is explained in words: outside calling hours, with the next window', async ({ page, stack }) => {
  const zone = zoneAtLocalHour(2);
  const night = await createCandidate(stack, { first_name: 'Owl', last_name: 'Night', timezone: zone });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${night.id}`);
  await page.getByRole('button', { name: 'Call now' }).click();
  const words = new RegExp(
    `^Outside calling hours: next window opens \\w{3} 08:00 in ${zone.replace('+', '\\+')} \\(\\d\\d:00 UTC\\)$`,
  );
  await expect(page.getByRole('region', { name: 'Calling' }).getByRole('alert')).toHaveText(words);
  await expectAccessible(page);

  await page.getByLabel('Do not call').check();
  await expect(page.getByLabel('Do not call')).toBeChecked();
  await page.getByRole('button', { name: 'Call now' }).click();
  await expect(page.getByRole('region', { name: 'Calling' }).getByRole('alert')).toHaveText(/^Do not call: /);
  await expect
    .poll(
      async () => (await stack.api<{ do_not_call: boolean }>('GET', `/api/candidates/${night.id}`)).body.do_not_call,
    )
    .toBe(true);
});

test('an orphaned event is replayed from Deliveries once its candidate exists', async ({ page, stack }) => {
  const before = await createCandidate(stack);
  const nextId = before.id + 1;
  const orphan = {
    call_id: `call_orphan_${Date.now()}`,
    call_type: 'phone_call',
    agent_id: 'agent_console_screening',
    call_status: 'ongoing',
    start_timestamp: Date.now(),
    from_number: '+14155550100',
    to_number: '+14155550999',
    direction: 'outbound',
    metadata: { candidate_id: String(nextId) },
  } as unknown as PhoneCallResponse;
  expect(await stack.simulator.deliver('call_started', orphan)).toBe(200);
  const later = await createCandidate(stack, { first_name: 'Late', last_name: 'Arrival' });
  expect(later.id).toBe(nextId);

  await signIn(page, stack);
  await page.getByRole('link', { name: 'Deliveries' }).click();
  await page.getByLabel('Outcome').selectOption('orphaned');
  const row = page.getByRole('row').filter({ hasText: orphan.call_id.slice(0, 16) });
  await expect(row).toContainText('Orphaned');
  await expectAccessible(page);
  await row.getByRole('button', { name: /^Replay event \d+/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'replayed' })).toHaveText(
    new RegExp(`^Event \\d+ replayed: Applied on candidate ${nextId}\\.$`),
  );
  const { body } = await stack.api<{ retell_call_id: string }>('GET', `/api/candidates/${nextId}`);
  expect(body.retell_call_id).toBe(orphan.call_id);
});
