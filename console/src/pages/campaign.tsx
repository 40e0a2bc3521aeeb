import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../api/client';
import { WEEKDAYS, type Campaign } from '../campaign-words';
import { AddCandidates } from '../components/add-candidates';
import { CampaignActions } from '../components/campaign-actions';
import { CampaignCandidates } from '../components/campaign-candidates';
import { CampaignProgress } from '../components/campaign-progress';
import { CampaignRanking } from '../components/campaign-ranking';
import { StatusBadge } from '../components/status-badge';
import { ErrorMessage, Loading } from '../components/states';
import { formatDollars, formatInstant } from '../format';

/** The campaign's settings as facts. */
function Settings({ campaign: c }: { campaign: Campaign }) {
  const facts: [string, string][] = [
    ['Created', formatInstant(c.created_at)],
    ['Started', formatInstant(c.started_at)],
    ['Finished', formatInstant(c.finished_at)],
    ['Job id', c.job_id ?? '—'],
    ['Recruiter', c.recruiter ?? '—'],
    ['Retell agent', c.agent_id ?? 'the service’s agent'],
    [
      'Details the agent reads',
      Object.entries(c.dynamic_variables)
        .map(([name, value]) => `${name}: ${value}`)
        .join('; ') || '—',
    ],
    ['Calls per candidate', `at most ${c.max_attempts}`],
    ['Waits between calls', `${c.retry_delays.join(', ')} (the last one repeats)`],
    ['Calls at the same time', `at most ${c.max_concurrent_calls}`],
    ['Calling days', c.calling_days.map((day) => WEEKDAYS[day - 1].slice(0, 3)).join(', ')],
    ['Calls per day', c.daily_call_limit === null ? 'no limit' : `at most ${c.daily_call_limit}`],
    ['Spending per day', c.daily_budget_cents === null ? 'no limit' : `at most ${formatDollars(c.daily_budget_cents)}`],
  ];
  return (
    <dl className="facts">
      {facts.flatMap(([label, value]) => [<dt key={`${label}-t`}>{label}</dt>, <dd key={`${label}-d`}>{value}</dd>])}
    </dl>
  );
}

/**
 * One campaign: its status and the actions it allows, its progress per state, and its candidates,
 * as added or ranked by their screening answers (`?view=ranking`). Everything follows the
 * service's `campaign` changes live (the query keys start with 'campaigns').
 */
export function CampaignPage() {
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const ranking = params.get('view') === 'ranking';
  const campaign = useQuery({
    queryKey: ['campaigns', id],
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id } } })),
    enabled: Number.isSafeInteger(id) && id > 0,
  });

  const back = (
    <p>
      <Link to="/campaigns">← Campaigns</Link>
    </p>
  );
  if (!Number.isSafeInteger(id) || id < 1) return <ErrorMessage error={new Error('This address names no campaign.')} />;
  if (campaign.isPending) return <Loading what="the campaign" />;
  if (campaign.isError)
    return (
      <>
        {back}
        <ErrorMessage
          error={
            campaign.error instanceof ApiError && campaign.error.status === 404
              ? new Error('There is no campaign with this id.')
              : campaign.error
          }
          title="The campaign could not be loaded"
        />
      </>
    );
  const c = campaign.data;

  return (
    <>
      {back}
      <div className="page-head">
        <h1>{c.name}</h1>
        <StatusBadge status={c.status} />
      </div>
      <CampaignActions campaign={c} />
      <div className="columns">
        <section className="panel" aria-labelledby="progress">
          <h2 id="progress">Progress</h2>
          <CampaignProgress counts={c.counts} />
        </section>
        <section className="panel" aria-labelledby="settings">
          <h2 id="settings">Settings</h2>
          <Settings campaign={c} />
        </section>
      </div>
      <AddCandidates campaign={c} />
      <nav className="tabs" aria-label="Campaign views">
        <Link to="?" aria-current={ranking ? undefined : 'page'}>
          Candidates
        </Link>
        <Link to="?view=ranking" aria-current={ranking ? 'page' : undefined}>
          Ranking
        </Link>
      </nav>
      {ranking ? <CampaignRanking id={id} /> : <CampaignCandidates id={id} />}
    </>
  );
}
