/**
 * `npm run screenshots`: PNGs of every console page under docs/console/, at 1280 px and 390 px,
 * from a seeded throw-away database: candidates created and called through the API, their calls
 * played by the Retell simulator (interview booked, not interested, voicemail, no answer), one
 * orphaned event, and two campaigns: one running, most of its calls played, and one in draft.
 * Needs Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium).
 */
import { mkdirSync } from 'node:fs';
import type { PhoneCallResponse } from 'retell-sdk/resources/call';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, startConsoleStack, type ConsoleStack } from './console-stack.js';
import type { CallScript } from './retell-simulator.js';

const OUT = new URL('../docs/console/', import.meta.url).pathname;

const PEOPLE: [string, string, string, string, CallScript | null][] = [
  ['Maya', 'Chen', 'Data Engineer', 'America/New_York', 'interview_scheduled'],
  ['Leo', 'Park', 'Data Engineer', 'America/Chicago', 'dial_no_answer'],
  ['Sofia', 'Rossi', 'Backend Developer', 'Europe/Rome', 'not_interested'],
  ['Kenji', 'Sato', 'Platform Engineer', 'America/Los_Angeles', 'interview_scheduled'],
  ['Amara', 'Okafor', 'Data Analyst', 'America/New_York', 'voicemail'],
  ['Lucas', 'Martin', 'Backend Developer', 'America/Denver', null],
  ['Nora', 'Lindqvist', 'Site Reliability Engineer', 'America/New_York', null],
];

/** A running campaign's candidates: the simulator plays each call by the number's last three digits. */
const CALLED: [string, string, string][] = [
  ['Priya', 'Nair', '+14155553000'], // books an interview
  ['Tom', 'Becker', '+14155553901'], // not interested
  ['Ines', 'Duarte', '+14155553902'], // voicemail: a retry is scheduled
  ['Omar', 'Haddad', '+14155553904'], // no answer: a retry is scheduled
  ['Grace', 'Kim', '+14155553010'], // still on the call
];

async function createCandidate(
  stack: ConsoleStack,
  [firstName, lastName, position, timezone, phone]: [string, string, string, string, string],
): Promise<number> {
  const { body } = await stack.api<{ id: number }>('POST', '/api/candidates', {
    first_name: firstName,
    last_name: lastName,
    email: `${firstName}.${lastName}@example.com`.toLowerCase(),
    phone,
    position,
    company: 'Acme',
    timezone,
  });
  return body.id;
}

/**
 * "Backend engineers, December", started: every call is placed, all but the last played
 * (booked, declined, voicemail, no answer). Then a draft of the candidates not called yet.
 * @returns the running campaign's id
 */
async function seedCampaigns(stack: ConsoleStack): Promise<number> {
  const ids: number[] = [];
  for (const [firstName, lastName, phone] of CALLED) {
    ids.push(await createCandidate(stack, [firstName, lastName, 'Backend Engineer', 'America/Chicago', phone]));
  }
  const { body: campaign } = await stack.api<{ id: number }>('POST', '/api/campaigns', {
    name: 'Backend engineers, December',
    candidate_ids: ids,
    job_id: '45',
    recruiter: 'Emma Johnson',
    dynamic_variables: { screening_questions: 'Years of TypeScript? Notice period?' },
    calling_days: [1, 2, 3, 4, 5, 6, 7],
    daily_budget_cents: 2500,
  });
  await stack.api('POST', `/api/campaigns/${campaign.id}/start`);
  const numbers = CALLED.map(([, , phone]) => phone);
  const placed = () => [...stack.simulator.calls.values()].filter((call) => numbers.includes(call.to_number));
  for (let tries = 0; placed().length < numbers.length; tries++) {
    if (tries > 100) throw new Error('the campaign did not place its calls');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const last = numbers.at(-1);
  await Promise.all(
    placed()
      .filter((call) => call.to_number !== last)
      .map((call) => stack.simulator.play(call.call_id)),
  );
  await stack.api('POST', '/api/campaigns', {
    name: 'Site reliability, January',
    filter: { status: 'new', position: 'Site Reliability Engineer' },
    recruiter: 'Emma Johnson',
  });
  return campaign.id;
}

async function seed(stack: ConsoleStack): Promise<number> {
  let first = 0;
  for (const [i, [firstName, lastName, position, timezone, script]] of PEOPLE.entries()) {
    const phone = `+1415555${String(2100 + i)}`;
    const id = await createCandidate(stack, [firstName, lastName, position, timezone, phone]);
    first ||= id;
    if (!script) continue;
    stack.simulator.scripts.set(phone, script);
    const { body: call } = await stack.api<{ call_id: string }>('POST', `/api/candidates/${id}/calls`, {
      job_id: '45',
      recruiter: 'Emma Johnson',
    });
    await stack.simulator.play(call.call_id);
  }
  const orphan = {
    call_id: 'call_7f3a9c1e5b2d4068a1c9',
    call_type: 'phone_call',
    call_status: 'ongoing',
    agent_id: 'agent_console_screening',
    start_timestamp: Date.now(),
    metadata: { candidate_id: '999' },
  } as unknown as PhoneCallResponse;
  await stack.simulator.deliver('call_started', orphan);
  return first;
}

async function shoot(page: Page, name: string, width: number): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /^Loading/ })
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}${name}-${width}.png`, fullPage: true });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startConsoleStack({ stepMs: 0 });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const maya = await seed(stack);
    const campaign = await seedCampaigns(stack);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the e-mails go out
    for (const width of [1280, 390]) {
      const context = await browser.newContext({
        viewport: { width, height: width > 500 ? 900 : 844 },
        deviceScaleFactor: 1,
        locale: 'en-US',
        timezoneId: 'America/New_York',
      });
      const page = await context.newPage();
      await page.goto(stack.baseUrl);
      await shoot(page, 'sign-in', width);
      await page.getByLabel('API key').fill(stack.apiKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Candidates', level: 1 }).waitFor();
      await shoot(page, 'candidates', width);
      await page.goto(`${stack.baseUrl}/candidates/${maya}`);
      await page.getByRole('heading', { name: 'Maya Chen' }).waitFor();
      await page
        .getByText(/Transcript \(/)
        .first()
        .click();
      await shoot(page, 'candidate', width);
      for (const [path, name] of [
        ['/interviews', 'interviews'],
        ['/deliveries', 'deliveries'],
        ['/analytics', 'analytics'],
        ['/campaigns', 'campaigns'],
        ['/campaigns?new=1', 'campaign-new'],
      ]) {
        await page.goto(`${stack.baseUrl}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await shoot(page, name, width);
      }
      await page.goto(`${stack.baseUrl}/campaigns/${campaign}`);
      await page.getByRole('button', { name: 'Add candidates' }).click();
      await shoot(page, 'campaign', width);
      await context.close();
    }
    process.stdout.write(`Screenshots written to ${OUT}\n`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Screenshots failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
