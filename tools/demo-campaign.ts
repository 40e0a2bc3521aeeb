/**
 * The campaign part of `npm run demo`: 20 applicants screened by one outreach campaign against
 * the Retell simulator, whose outcome per number is chosen by its last three digits
 * (docs/testing.md): bookings, not interested, "do not call me", voicemail, busy and no answer.
 * The service runs with CAMPAIGN_RETRY_DELAY_SCALE=0.001, so the cadence PT4H, PT8H waits
 * about 14 s and 29 s. Prints the progress as it moves, then the ranking by screening answers.
 */

/** Calls the service's API with the demo's key; throws on any non-2xx answer. */
export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Sets the screening answers the simulator gives a number's booked call. */
export type SetAnswers = (phone: string, answers: Record<string, boolean | string | number>) => void;

/** Suffix of the number → how many applicants get it (20 in all). */
const POOL: readonly [suffix: string, count: number, plays: string][] = [
  ['000', 7, 'books an interview'],
  ['901', 4, 'not interested'],
  ['905', 1, 'asks not to be called again'],
  ['902', 3, 'voicemail'],
  ['903', 2, 'busy'],
  ['904', 3, 'no answer'],
];

const FIRST_NAMES = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Gia', 'Hugo', 'Ines', 'Jon'];
const LAST_NAMES = ['Alvarez', 'Brooks', 'Costa', 'Dube', 'Evans', 'Fischer', 'Gupta', 'Haddad', 'Ito', 'Jensen'];

interface CampaignBody {
  id: number;
  status: string;
  counts: Record<string, number>;
}

/** Creates the pool and the campaign, starts it and prints its progress until it completes. */
export async function runCampaignDemo(api: Api, setAnswers: SetAnswers, write: (text: string) => void): Promise<void> {
  const ids: number[] = [];
  let n = 0;
  for (const [suffix, count] of POOL) {
    for (let i = 0; i < count; i++, n++) {
      const first = FIRST_NAMES[n % FIRST_NAMES.length];
      const last = LAST_NAMES[Math.floor(n / 2) % LAST_NAMES.length];
      const phone = `+1415${5500 + n}${suffix}`;
      // Varied answers, so that the ranking has something to rank.
      const years = 2 + ((n * 7) % 11);
      setAnswers(phone, {
        is_qualified_candidate: years >= 4,
        candidate_interest_level: ['High', 'Medium', 'Low'][n % 3],
        years_of_experience: years,
        salary_expectation: 90_000 + years * 6_000,
        technical_skills_mentioned: ['TypeScript, PostgreSQL', 'Go, Kubernetes', 'Python, AWS'][n % 3],
      });
      const made = await api<{ id: number }>('POST', '/api/candidates', {
        first_name: first,
        last_name: last,
        email: `${first}.${last}.${n}@example.com`.toLowerCase(),
        phone,
        position: 'Backend Engineer',
        company: 'Acme',
        timezone: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'][n % 3],
      });
      ids.push(made.id);
    }
  }
  write(`\n=== Campaign: ${ids.length} applicants (${POOL.map(([s, c, p]) => `${c} × …${s} ${p}`).join(', ')})\n`);
  const campaign = await api<CampaignBody>('POST', '/api/campaigns', {
    name: 'Backend Engineers, December',
    candidate_ids: ids,
    job_id: 'job-backend-12',
    recruiter: 'Emma Johnson',
    dynamic_variables: { screening_questions: 'Years with TypeScript? Notice period? Salary expectation?' },
    max_attempts: 3,
    retry_delays: ['PT4H', 'PT8H'],
    max_concurrent_calls: 5,
    calling_days: [1, 2, 3, 4, 5, 6, 7],
  });
  await api('POST', `/api/campaigns/${campaign.id}/start`);
  const started = Date.now();
  let last = '';
  for (;;) {
    const now = await api<CampaignBody>('GET', `/api/campaigns/${campaign.id}`);
    const line = Object.entries(now.counts)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${state} ${count}`)
      .join(' · ');
    if (line !== last)
      write(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${now.status.padEnd(9)} ${line}\n`);
    last = line;
    if (now.status === 'completed') break;
    if (Date.now() - started > 180_000) throw new Error('the campaign did not complete within 3 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const ranked = await api<{ items: Record<string, unknown>[] }>(
    'GET',
    `/api/campaigns/${campaign.id}/candidates?state=completed&sort=rank&limit=100`,
  );
  write('\n=== Finished candidates, ranked by their screening answers\n');
  for (const row of ranked.items) {
    const answers = row.screening as Record<string, unknown>;
    write(
      `${String(row.name).padEnd(18)} ${String(row.last_outcome).padEnd(20)} qualified ${String(answers.is_qualified).padEnd(5)} ` +
        `interest ${String(answers.interest_level).padEnd(15)} years ${String(answers.years_of_experience).padEnd(5)}` +
        `skills ${String((answers.technical_skills as string[] | null)?.join(', ') ?? '')}\n`,
    );
  }
  const exhausted = await api<{ items: Record<string, unknown>[] }>(
    'GET',
    `/api/campaigns/${campaign.id}/candidates?state=exhausted&limit=100`,
  );
  write(
    `\n${exhausted.items.length} exhausted after ${exhausted.items.map((r) => r.attempts).join('/')} attempts ` +
      `(${[...new Set(exhausted.items.map((r) => r.last_outcome))].join(', ')}): never rejected, a recruiter decides.\n`,
  );
}
