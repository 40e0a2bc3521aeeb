import { useEffect, useState } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap, type Candidate, type Schemas } from '../api/client';
import { CandidateForm, profileBody, type Profile } from '../components/candidate-form';
import { DataTable, LoadMore } from '../components/data-table';
import { StatusBadge } from '../components/status-badge';
import { StatusSelect } from '../components/status-select';
import { Empty, ErrorMessage, Loading } from '../components/states';
import { formatInstant } from '../format';

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

type Sort = 'updated_at' | 'created_at' | 'name';
const SORTS: Sort[] = ['updated_at', 'created_at', 'name'];
/** The order a column starts in when it is first chosen: newest first, or A to Z. */
const FIRST_ORDER: Record<Sort, 'asc' | 'desc'> = { updated_at: 'desc', created_at: 'desc', name: 'asc' };

/** "1 candidate", "1,234 candidates", "10,000+ candidates". */
function countInWords(total: number, capped: boolean): string {
  const n = `${total.toLocaleString()}${capped ? '+' : ''}`;
  return `${n} ${total === 1 && !capped ? 'candidate' : 'candidates'}`;
}

/**
 * Candidates: search, filters and sort, all kept in the address (so "back" and a shared link keep
 * them), cursor paging ("Load more") with the number that match, and "New candidate".
 */
export function CandidatesPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const scheduled = params.get('scheduled') ?? '';
  const outcome = params.get('outcome') ?? '';
  const sort: Sort = SORTS.includes(params.get('sort') as Sort) ? (params.get('sort') as Sort) : 'updated_at';
  const order =
    params.get('order') === 'asc' || params.get('order') === 'desc' ? params.get('order')! : FIRST_ORDER[sort];
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const q = useDebounced(search.trim(), 250);
  const navigate = useNavigate();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const queryClient = useQueryClient();
  const filtered = q !== '' || status !== '' || scheduled !== '' || outcome !== '';

  /** Changes parameters of the address; a new history entry, unless `replace` (typing). */
  const setParam = (changes: Record<string, string>, replace = false): void =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value === '') next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace },
    );

  // The settled search goes to the address (replacing the entry: one per search, not per key).
  useEffect(() => {
    if (q !== (params.get('q') ?? '')) setParam({ q }, true);
  }, [q]);
  // Back or forward to another search: the box follows the address.
  const addressQ = params.get('q') ?? '';
  useEffect(() => setSearch((typed) => (typed.trim() === addressQ ? typed : addressQ)), [addressQ]);

  const query = {
    q: addressQ || undefined,
    status: (status || undefined) as Schemas['CandidateStatus'] | undefined,
    retell_interview_scheduled: scheduled === '' ? undefined : scheduled === 'true',
    retell_call_outcome: outcome || undefined,
    sort,
    order: order as 'asc' | 'desc',
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
  // Another search or filter: the selection was of the list before it.
  const listKey = JSON.stringify(query);
  useEffect(() => setSelected(new Set()), [listKey]);
  const first = pages.data?.pages[0];

  function sortBy(column: string) {
    const next = column as Sort;
    const nextOrder = next === sort ? (order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[next];
    setParam({ sort: next === 'updated_at' ? '' : next, order: nextOrder === FIRST_ORDER[next] ? '' : nextOrder });
  }

  function select(id: number, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  /** The new-campaign form with the selected candidates, or else with the list's status filter. */
  function createCampaign() {
    const carried = new URLSearchParams({ new: '1' });
    if (selected.size > 0) carried.set('ids', [...selected].join(','));
    else if (status) carried.set('status', status);
    void navigate(`/campaigns?${carried.toString()}`);
  }

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
        <button type="button" className="secondary" onClick={createCampaign}>
          {selected.size > 0 ? `Create campaign from ${selected.size} selected` : 'Create campaign from this list'}
        </button>
        {!creating ? (
          <button type="button" onClick={() => setCreating(true)}>
            New candidate
          </button>
        ) : null}
      </div>
      {selected.size === 0 && (q !== '' || scheduled !== '' || outcome !== '') ? (
        <p className="note">
          “Create campaign from this list” carries the status filter only: select candidates to call exactly those.
        </p>
      ) : null}
      {notice ? (
        <p className="note" role="status">
          {notice}
        </p>
      ) : null}
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
        <StatusSelect value={status} onChange={(next) => setParam({ status: next })} />
        <div className="field">
          <label htmlFor="scheduled-filter">Interview scheduled</label>
          <select id="scheduled-filter" value={scheduled} onChange={(e) => setParam({ scheduled: e.target.value })}>
            <option value="">Either</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select
            id="sort"
            value={sort}
            onChange={(e) => setParam({ sort: e.target.value === 'updated_at' ? '' : e.target.value, order: '' })}
          >
            <option value="updated_at">Last updated</option>
            <option value="created_at">Date added</option>
            <option value="name">Name</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="outcome-filter">Last call outcome</label>
          <select id="outcome-filter" value={outcome} onChange={(e) => setParam({ outcome: e.target.value })}>
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
          <p className="count" role="status">
            {first ? countInWords(first.total, first.total_capped) : ''}
            {filtered ? (first?.total === 1 && !first.total_capped ? ' matches' : ' match') : ''};{' '}
            {rows.length.toLocaleString()} shown.
          </p>
          <DataTable
            label="Candidates table"
            columns={[
              'Select',
              { label: 'Name', sort: 'name' },
              'Position',
              'Status',
              'Interview',
              'Last call outcome',
              { label: 'Updated', sort: 'updated_at' },
              { label: 'Added', sort: 'created_at' },
            ]}
            sorting={{ sort, order: order as 'asc' | 'desc', onSort: sortBy }}
          >
            {rows.map((c) => (
              <tr key={c.id}>
                <td data-label="Select">
                  <input
                    type="checkbox"
                    aria-label={`Select ${c.first_name} ${c.last_name}`}
                    checked={selected.has(c.id)}
                    onChange={(e) => select(c.id, e.target.checked)}
                  />
                </td>
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
                <td data-label="Added">{formatInstant(c.created_at)}</td>
              </tr>
            ))}
          </DataTable>
          <LoadMore pages={pages} />
        </>
      )}
    </>
  );
}
