import { readFileSync } from 'node:fs';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import { createCandidate, expect, expectAccessible, signIn, test, zoneAtLocalHour } from './fixtures.js';

test('after Call now, the header, the call card, the interview and the e-mail agree within 1 s of each webhook', async ({
  page,
  stack,
}) => {
  const maya = await createCandidate(stack, { first_name: 'Maya', last_name: 'Chen', timezone: zoneAtLocalHour(12) });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${maya.id}`);
  await expect(page.getByText('No calls yet. “Call now” places one.')).toBeVisible();
  await expect(page.getByText('Live: changes show as they happen')).toBeVisible();

  await page.getByRole('button', { name: 'Call now' }).click();
  await expect(page.getByText('The call is placed: this page follows it live.')).toBeVisible();
  const history = page.getByRole('region', { name: 'Call history' });
  await expect(history.getByText('Registered')).toBeVisible();
  // While the call is live, "Call now" says why it is not available instead of failing.
  await expect(page.getByRole('button', { name: 'Call now' })).toBeDisabled();
  await expect(page.getByText('Not now: A call is in progress: wait for it to end.')).toBeVisible();
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
  const header = page.getByRole('heading', { level: 1 }).locator('..');
  const interview = page.getByRole('region', { name: 'Interview' });
  /** What each part of the page says now, read at one moment. */
  const views = async () => ({
    header: (await header.locator('.badge').textContent()) ?? '',
    card: (await history.getByRole('article').first().textContent()) ?? '',
    interview: (await interview.textContent()) ?? '',
  });

  // No reload and no polling from here on: each webhook shows within 1 s, through the change
  // stream. The order is the simulator's: the analysis overtakes call_ended, and comes twice.
  await expect(page.getByText('Call in progress or awaiting its analysis: updating live')).toBeVisible();
  await deliver(
    'call_started',
    { ...registered, call_status: 'ongoing', start_timestamp: final.start_timestamp },
    'applied',
  );
  await expect(history.getByText('Ongoing')).toBeVisible({ timeout: 1_000 });
  await deliver('call_analyzed', final, 'applied');
  await expect
    .poll(
      async () => {
        const now = await views();
        return {
          header: now.header,
          card: now.card.includes('Interview Scheduled') && now.card.includes('Ended'),
          interview: now.interview.includes('Candidate’s time'),
          email: now.interview.includes('Interview Confirmation'),
        };
      },
      { timeout: 1_000, intervals: [50] },
    )
    .toEqual({ header: 'Interviewing', card: true, interview: true, email: true });
  await deliver('call_analyzed', final, 'duplicate');
  await deliver('call_ended', ended as PhoneCallResponse, 'applied');
  await expect(page.getByText('Call in progress or awaiting its analysis: updating live')).toBeHidden({
    timeout: 1_000,
  });
  // The e-mail goes out (SMTP catcher): its row says so without a reload.
  await expect.poll(() => stack.smtp.mails.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(interview.getByRole('listitem').first()).toContainText('Sent', { timeout: 1_000 });

  // Nothing polls: a page left alone asks the API nothing (the change stream is already open).
  const asked: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) asked.push(request.url());
  });
  await page.waitForTimeout(3_000);
  expect(asked).toEqual([]);

  const call = history.getByRole('article');
  await expect(call).toContainText('High'); // interest
  await expect(call).toContainText('Positive'); // sentiment
  await expect(call).toContainText('Screened Maya; interview booked.');
  await expect(call.locator('audio')).toHaveAttribute('src', /recordings\/call_.*\.wav$/);
  await call.getByText(/Transcript \(2 turns\)/).click();
  await expect(call.getByRole('listitem').nth(0)).toHaveText(/^Agent\s*Hi Maya/);
  await expect(call.getByRole('listitem').nth(1)).toHaveText(/^Candidate\s*That works\./);

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
  await expect(history.getByText('Interview Scheduled')).toBeVisible({ timeout: 1_000 });
  await expect(page.getByText('Call in progress or awaiting its analysis: updating live')).toBeHidden({
    timeout: 1_000,
  });
});

test('after an unanswered call, the page gives the next attempt and says that calling now is early', async ({
  page,
  stack,
}) => {
  const zone = zoneAtLocalHour(10);
  const ivy = await createCandidate(stack, {
    first_name: 'Ivy',
    last_name: 'Early',
    timezone: zone,
    phone: '+14155551904',
  });
  const { body: placed } = await stack.api<{ call_id: string }>('POST', `/api/candidates/${ivy.id}/calls`);
  await stack.simulator.play(placed.call_id);
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${ivy.id}`);
  // CALL_RETRY_DELAYS: 4 hours after the first attempt, 14:00 local.
  await expect(page.locator('#early')).toHaveText(
    /^Early: the cadence has the next attempt at .*\b(14|2):\d\d\b.* their time\. You can still call now\.$/,
  );
  await expect(page.getByRole('button', { name: 'Call now' })).toBeEnabled();
});

test('a call that would be refused is not offered: "Call now" is disabled and says why', async ({ page, stack }) => {
  const zone = zoneAtLocalHour(2);
  const night = await createCandidate(stack, { first_name: 'Owl', last_name: 'Night', timezone: zone });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${night.id}`);
  const callNow = page.getByRole('button', { name: 'Call now' });
  await expect(callNow).toBeDisabled();
  const words = new RegExp(
    `^Not now: Outside calling hours: next window opens \\w{3} 08:00 in ${zone.replace('+', '\\+')} \\(\\d\\d:00 UTC\\)$`,
  );
  await expect(page.locator('#why-not')).toHaveText(words);
  await expect(callNow).toHaveAccessibleDescription(words);
  await expectAccessible(page);

  await page.getByLabel('Do not call').check();
  await expect(page.getByLabel('Do not call')).toBeChecked();
  await expect(page.locator('#why-not')).toHaveText(/^Not now: Do not call: /);
  await expect(callNow).toBeDisabled();
  await expect
    .poll(
      async () => (await stack.api<{ do_not_call: boolean }>('GET', `/api/candidates/${night.id}`)).body.do_not_call,
    )
    .toBe(true);
});

test('when the service cannot place calls, the page says so instead of offering "Call now"', async ({
  page,
  stack,
}) => {
  const idle = await createCandidate(stack, {
    first_name: 'Una',
    last_name: 'Configured',
    timezone: zoneAtLocalHour(12),
  });
  // The service of this test suite can call; the answer of one without RETELL_FROM_NUMBER is played here.
  await page.route(`**/api/candidates/${idle.id}`, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { outreach: Record<string, unknown> };
    body.outreach = {
      ...body.outreach,
      can_call: false,
      reason: 'calling_not_configured',
      calling_configured: false,
      next_action: 'configure_calling',
    };
    await route.fulfill({ response, json: body });
  });
  await signIn(page, stack);
  await page.goto(`${stack.baseUrl}/candidates/${idle.id}`);
  const calling = page.getByRole('region', { name: 'Calling' });
  await expect(calling).toContainText('Next step');
  await expect(calling).toContainText('Calling is not set up');
  await expect(page.getByRole('button', { name: 'Call now' })).toBeDisabled();
  await expect(page.locator('#why-not')).toHaveText(
    'Not now: Calling is not set up on the service: it needs RETELL_FROM_NUMBER and RETELL_AGENT_ID. Ask whoever runs it.',
  );
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
    new RegExp(`^Event \\d+ replayed: Applied on Late Arrival\\.$`),
  );
  const { body } = await stack.api<{ retell_call_id: string }>('GET', `/api/candidates/${nextId}`);
  expect(body.retell_call_id).toBe(orphan.call_id);
});
