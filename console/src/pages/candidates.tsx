import { useEffect, useState } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, unwrap, type Candidate, type Schemas } from '../api/client';
import { CandidateForm, profileBody, type Profile } from '../components/candidate-form';
import { DataTable, LoadMore } from '../components/data-table';
import { StatusBadge } from '../components/status-badge';
import { Empty, ErrorMessage, Loading } from '../components/states';
import { formatInstant, humanize } from '../format';

type Status = Schemas['CandidateStatus'];
const STATUSES: Status[] = ['new', 'contacted', 'interviewing', 'rejected', 'hired', 'withdrawn'];
const OUTCOMES = ['Interview Scheduled', 'Callback Requested', 'Not Interested', 'Voicemail Left'];
const BLANK: Profile = { first_name: '', last_name: '', email: '', phone: '', position: '', company: '', timezone: '' };

/** Waits `ms` after the last change, so typing in the search box sends one request. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Candidates: search, filters, cursor paging ("Load more"), and "New candidate". */
export function CandidatesPage() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [scheduled, setScheduled] = useState('');
  const [outcome, setOutcome] = useState('');
  const [creating, setCreating] = useState(false);
  const q = useDebounced(search.trim(), 250);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const filtered = q !== '' || status !== '' || scheduled !== '' || outcome !== '';

  const query = {
    q: q || undefined,
    status: (status || undefined) as Status | undefined,
    retell_interview_scheduled: scheduled === '' ? undefined : scheduled === 'true',
    retell_call_outcome: outcome || undefined,
    limit: 25,
  };
  const pages = useInfiniteQuery({
    queryKey: ['candidates', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/candidates', { params: { query: { ...query, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const rows: Candidate[] = pages.data?.pages.flatMap((page) => page.items) ?? [];

  async function create(profile: Profile) {
    const created = await unwrap(
      api.POST('/api/candidates', { body: profileBody(profile, 'omit') as unknown as Schemas['CreateCandidateDto'] }),
    );
    await queryClient.invalidateQueries({ queryKey: ['candidates'] });
    void navigate(`/candidates/${created.id}`);
  }

  return (
    <>
      <div className="page-head">
        <h1>Candidates</h1>
        {!creating ? (
          <button type="button" onClick={() => setCreating(true)}>
            New candidate
          </button>
        ) : null}
      </div>
      {creating ? (
        <section className="panel" aria-labelledby="new-candidate">
          <h2 id="new-candidate">New candidate</h2>
          <CandidateForm
            initial={BLANK}
            submitLabel="Create candidate"
            onSubmit={create}
            onCancel={() => setCreating(false)}
          />
        </section>
      ) : null}
      <form className="filters" role="search" aria-label="Find candidates" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="search">Search: start of name or e-mail</label>
          <input id="search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="status-filter">Status</label>
          <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scheduled-filter">Interview scheduled</label>
          <select id="scheduled-filter" value={scheduled} onChange={(e) => setScheduled(e.target.value)}>
            <option value="">Either</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="outcome-filter">Last call outcome</label>
          <select id="outcome-filter" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">Any outcome</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      </form>
      {pages.isPending ? (
        <Loading what="candidates" />
      ) : pages.isError ? (
        <ErrorMessage error={pages.error} title="The candidates could not be loaded" />
      ) : rows.length === 0 ? (
        filtered ? (
          <Empty>No candidate matches this search and these filters.</Empty>
        ) : (
          <Empty>
            No candidates yet: create one with “New candidate”, or point Retell’s webhook at{' '}
            <code>{window.location.origin}/api/webhooks/retell</code>.
          </Empty>
        )
      ) : (
        <>
          <DataTable
            label="Candidates table"
            columns={['Name', 'Position', 'Status', 'Interview', 'Last call outcome', 'Updated']}
          >
            {rows.map((c) => (
              <tr key={c.id}>
                <td data-label="Name">
                  <Link to={`/candidates/${c.id}`}>
                    {c.first_name} {c.last_name}
                  </Link>
                </td>
                <td data-label="Position">{c.position ?? '—'}</td>
                <td data-label="Status">
                  <StatusBadge status={c.status} />
                </td>
                <td data-label="Interview">{formatInstant(c.interview?.starts_at ?? c.retell_interview_at)}</td>
                <td data-label="Last call outcome">{c.retell_call_outcome ?? '—'}</td>
                <td data-label="Updated">{formatInstant(c.updated_at)}</td>
              </tr>
            ))}
          </DataTable>
          <p className="count" role="status">
            {rows.length} shown{pages.hasNextPage ? '; more available' : ''}.
          </p>
          <LoadMore pages={pages} />
        </>
      )}
    </>
  );
}
