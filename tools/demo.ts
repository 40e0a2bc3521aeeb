/**
 * `npm run demo`: the whole loop on a laptop, with no Retell account.
 *
 * Starts the Retell simulator, starts the built service (`dist/main.js`) on the embedded database
 * with `RETELL_BASE_URL` pointed at the simulator, then, through the public API only:
 * creates candidates and calls them. The first call books an interview; its webhooks arrive
 * with a duplicate and with `call_analyzed` before `call_ended`. The second fails to dial
 * (`dial_no_answer`: no `call_started`). Three more show the other outcomes the simulator plays by
 * the number called (docs/testing.md): not interested (…901), voicemail (…902) and busy (…903).
 * Prints the candidate, the call history and the event log,
 * then the confirmation e-mail the booked candidate received at a local SMTP catcher, with its invite.
 * Then 20 applicants go through one outreach campaign (tools/demo-campaign.ts), retries included,
 * and the finished ones are ranked by their screening answers.
 * It ends by printing the recruiter console's URL and keeps everything up until Ctrl-C (set
 * `DEMO_EXIT=1` to stop at once instead).
 */
import { startConsoleStack } from './console-stack.js';
import { runCampaignDemo } from './demo-campaign.js';

const API_KEY = 'demo-recruiter-key';
/** The simulator's outcome is chosen by the last three digits of the number called (docs/testing.md). */
const NO_ANSWER = '+14155550904';
const OTHERS = [
  ['Sofia', 'Rossi', '+14155550901', 'not interested'],
  ['Amara', 'Okafor', '+14155550902', 'voicemail'],
  ['Lucas', 'Martin', '+14155550903', 'busy'],
] as const;

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function section(title: string, value: unknown): void {
  process.stdout.write(`\n=== ${title}\n${JSON.stringify(value, null, 2)}\n`);
}

async function main(): Promise<void> {
  // The service on a throw-away PGlite, calling at any hour, with the simulator and an SMTP catcher.
  // Campaign retry delays shortened a thousand times: PT4H waits about 14 s.
  const stack = await startConsoleStack({
    apiKey: API_KEY,
    autoPlay: true,
    stepMs: 400,
    env: { CAMPAIGN_RETRY_DELAY_SCALE: '0.001' },
  });
  const { baseUrl: base, simulator, smtp } = stack;
  try {
    process.stdout.write(`Retell simulator on ${stack.retellUrl}; service on ${base}\n`);

    const maya = await api<{ id: number }>(base, 'POST', '/api/candidates', {
      first_name: 'Maya',
      last_name: 'Chen',
      email: 'maya.chen@example.com',
      phone: '+14155550123',
      position: 'Data Engineer',
      company: 'Acme',
      timezone: 'America/New_York',
    });
    const leo = await api<{ id: number }>(base, 'POST', '/api/candidates', {
      first_name: 'Leo',
      last_name: 'Park',
      email: 'leo.park@example.com',
      phone: NO_ANSWER,
      position: 'Data Engineer',
      company: 'Acme',
    });
    const first = await api<{ call_id: string }>(base, 'POST', `/api/candidates/${maya.id}/calls`, {
      job_id: '45',
      recruiter: 'Emma Johnson',
    });
    section('Call placed (201), before any webhook', first);
    const again = await fetch(`${base}/api/candidates/${maya.id}/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    section(`A second call while the first is live → ${again.status}`, await again.json());
    await api(base, 'POST', `/api/candidates/${leo.id}/calls`, { job_id: '45', recruiter: 'Emma Johnson' });

    const others: { id: number; outcome: string }[] = [];
    for (const [firstName, lastName, phone, outcome] of OTHERS) {
      const made = await api<{ id: number }>(base, 'POST', '/api/candidates', {
        first_name: firstName,
        last_name: lastName,
        email: `${firstName}.${lastName}@example.com`.toLowerCase(),
        phone,
        position: 'Data Engineer',
        company: 'Acme',
        timezone: 'America/New_York',
      });
      await api(base, 'POST', `/api/candidates/${made.id}/calls`, { job_id: '45', recruiter: 'Emma Johnson' });
      others.push({ id: made.id, outcome });
    }

    await simulator.idle();
    section(
      'Webhooks the simulator delivered (event, call, our answer)',
      simulator.deliveries.map((d) => `${d.event} ${d.call_id.slice(0, 14)}… → ${d.status}`),
    );

    const candidate = await api<Record<string, unknown>>(base, 'GET', `/api/candidates/${maya.id}`);
    section(
      `Candidate ${maya.id} (interview booked)`,
      pick(candidate, [
        'id',
        'first_name',
        'status',
        'retell_call_id',
        'retell_call_status',
        'retell_call_summary',
        'retell_interview_scheduled',
        'retell_scheduled_datetime_iso',
        'retell_interview_at',
        'retell_interest_level',
        'retell_technical_skills',
        'retell_call_outcome',
      ]),
    );
    const failed = await api<Record<string, unknown>>(base, 'GET', `/api/candidates/${leo.id}`);
    section(
      `Candidate ${leo.id} (no answer: never rejected)`,
      pick(failed, ['id', 'status', 'retell_call_status', 'retell_disconnection_reason']),
    );
    section(`Call history of candidate ${maya.id}`, await api(base, 'GET', `/api/candidates/${maya.id}/calls`));
    section(`Call history of candidate ${leo.id}`, await api(base, 'GET', `/api/candidates/${leo.id}/calls`));
    const events = await api<{ items: Record<string, unknown>[] }>(base, 'GET', '/api/webhooks/retell/events?limit=20');
    section(
      'Event log, newest first (one applied row per delivery, duplicates kept as such)',
      events.items.map((e) => pick(e, ['id', 'event', 'call_id', 'outcome', 'duplicate_of'])),
    );

    section(
      'The other outcomes (by the number called)',
      await Promise.all(
        others.map(async ({ id, outcome }) => {
          const c = await api<Record<string, unknown>>(base, 'GET', `/api/candidates/${id}`);
          return {
            played: outcome,
            ...pick(c, ['id', 'status', 'retell_call_outcome', 'retell_disconnection_reason']),
          };
        }),
      ),
    );
    section(`Interview of candidate ${maya.id}`, candidate.interview);
    section(`Outreach of candidate ${leo.id}`, failed.outreach);
    for (let i = 0; i < 50 && smtp.mails.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const mail = smtp.mails[0];
    if (!mail) throw new Error('no e-mail arrived at the SMTP catcher');
    process.stdout.write(
      `\n=== E-mail received by the local SMTP server (${smtp.mails.length} in all)\n` +
        `To: ${mail.to.join(', ')}\nSubject: ${mail.subject}\nInvite: text/calendar; method=${mail.calendarMethod}\n\n` +
        `${mail.text}\n\n--- invite.ics\n${mail.ics ?? '(none)'}\n`,
    );
    const notifications = await api(base, 'GET', `/api/notifications?candidate_id=${maya.id}`);
    section('Notifications of the booked candidate', notifications);
    await runCampaignDemo(
      (method, path, body) => api(base, method, path, body),
      (phone, answers) => simulator.answers.set(phone, answers),
      (text) => process.stdout.write(text),
    );
    if (process.env.DEMO_EXIT !== '1') await showConsole(base);
  } finally {
    await stack.stop();
  }
}

/** Prints the console's address and waits for Ctrl-C (or SIGTERM), keeping the demo data up. */
async function showConsole(base: string): Promise<void> {
  process.stdout.write(
    `\n=== Recruiter console\nOpen ${base}/ and sign in with the API key ${API_KEY}.\n` +
      'The demo data stays up until you press Ctrl-C.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stdout.write('Stopping the demo.\n');
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

main().catch((error: unknown) => {
  process.stderr.write(`Demo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
