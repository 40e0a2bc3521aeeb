import { createCandidate, expect, expectAccessible, signIn, test } from './fixtures.js';

interface Summary {
  calls: { placed: number };
  rates: { pickup: number | null; interview_scheduled: number | null };
  interviews: { scheduled: number };
  outcomes: Record<string, number>;
}

test('Analytics shows the figures the API answers, for the range and job chosen', async ({ page, stack }) => {
  for (const job of ['45', '45', '77']) {
    const c = await createCandidate(stack);
    const { body: call } = await stack.api<{ call_id: string }>('POST', `/api/candidates/${c.id}/calls`, {
      job_id: job,
    });
    await stack.simulator.play(call.call_id);
  }
  await signIn(page, stack);
  const answered = page.waitForResponse((r) => r.url().includes('/api/analytics/summary'));
  await page.getByRole('link', { name: 'Analytics' }).click();
  const summary = (await (await answered).json()) as Summary;
  expect(summary.calls.placed).toBeGreaterThanOrEqual(3);

  const tiles = page.getByRole('region', { name: 'Figures' });
  const tile = (label: string) => tiles.locator('.tile').filter({ hasText: label }).locator('.value');
  await expect(tile('Calls placed')).toHaveText(String(summary.calls.placed));
  await expect(tile('Pickup rate')).toHaveText(`${Math.round(summary.rates.pickup! * 100)} %`);
  await expect(tile('Interview rate')).toHaveText(`${Math.round(summary.rates.interview_scheduled! * 100)} %`);
  await expect(tile('Interviews booked')).toHaveText(String(summary.interviews.scheduled));
  await expect(page.getByRole('region', { name: 'Outcomes' })).toContainText(
    `Interview Scheduled${summary.outcomes['Interview Scheduled']}`,
  );
  await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Interviews by weekday and hour' }).locator('td[style]').first(),
  ).toBeVisible();
  await expectAccessible(page);

  const byJob = page.waitForResponse(
    (r) => r.url().includes('/api/analytics/summary') && r.url().includes('job_id=77'),
  );
  await page.getByLabel('Job ID').fill('77');
  const job = (await (await byJob).json()) as Summary;
  expect(job.calls.placed).toBe(1);
  await expect(tile('Calls placed')).toHaveText('1');

  await page.getByLabel('From (your zone)').fill('2020-01-01');
  await page.getByLabel('To, included').fill('2020-01-31');
  await expect(tile('Calls placed')).toHaveText('0');
  await expect(tile('Pickup rate')).toHaveText('—');
});
