import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { progressOf } from '../campaign-words';
import { BLANK_CAMPAIGN, CampaignForm, type CampaignDraft } from '../components/campaign-form';
import { DataTable, LoadMore } from '../components/data-table';
import { StatusBadge } from '../components/status-badge';
import { Empty, ErrorMessage, Loading } from '../components/states';
import { formatInstant } from '../format';

/** The new-campaign form's audience from the address (`?new=1&status=new&ids=3,4`), as the Candidates page sends it. */
function draftFrom(params: URLSearchParams): CampaignDraft {
  const ids = (params.get('ids') ?? '')
    .split(',')
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0);
  return { ...BLANK_CAMPAIGN, status: params.get('status') ?? '', position: params.get('position') ?? '', ids };
}

/** Campaigns, newest first, with their progress; "New campaign" opens the form (also from the Candidates page). */
export function CampaignsPage() {
  const [params, setParams] = useSearchParams();
  const creating = params.has('new');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ['campaigns', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/campaigns', { params: { query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((page) => page.items) ?? [];

  async function create(body: Schemas['CreateCampaignDto']) {
    const created = await unwrap(api.POST('/api/campaigns', { body }));
    await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    void navigate(`/campaigns/${created.id}`);
  }

  return (
    <>
      <div className="page-head">
        <h1>Campaigns</h1>
        {!creating ? (
          <button type="button" onClick={() => setParams({ new: '1' })}>
            New campaign
          </button>
        ) : null}
      </div>
      {creating ? (
        <section className="panel" aria-labelledby="new-campaign">
          <h2 id="new-campaign">New campaign</h2>
          <CampaignForm
            key={params.toString()}
            initial={draftFrom(params)}
            onSubmit={create}
            onCancel={() => setParams({})}
          />
        </section>
      ) : null}
      {pages.isPending ? (
        <Loading what="campaigns" />
      ) : pages.isError ? (
        <ErrorMessage error={pages.error} title="The campaigns could not be loaded" />
      ) : rows.length === 0 ? (
        <Empty>
          No campaign yet: create one with “New campaign”, or from the Candidates page with “Create campaign from this
          list”.
        </Empty>
      ) : (
        <>
          <DataTable label="Campaigns table" columns={['Name', 'Status', 'Progress', 'Created']}>
            {rows.map((c) => {
              const { finished, total } = progressOf(c.counts);
              return (
                <tr key={c.id}>
                  <td data-label="Name">
                    <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={c.status} />
                  </td>
                  <td data-label="Progress">
                    {finished} of {total} finished
                  </td>
                  <td data-label="Created">{formatInstant(c.created_at)}</td>
                </tr>
              );
            })}
          </DataTable>
          <LoadMore pages={pages} />
        </>
      )}
    </>
  );
}
