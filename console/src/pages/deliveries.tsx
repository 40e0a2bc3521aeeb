import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { useCandidateNames } from '../components/candidate-names';
import { DataTable, LoadMore } from '../components/data-table';
import { StatusBadge } from '../components/status-badge';
import { Empty, ErrorMessage, Loading, errorInWords } from '../components/states';
import { formatInstant, humanize } from '../format';

type Outcome = Schemas['EventOutcome'];
const OUTCOMES: Outcome[] = ['applied', 'duplicate', 'ignored', 'orphaned', 'failed', 'pending'];
const REPLAYABLE = new Set<string>(['failed', 'orphaned']);

/** The webhook event log, filterable by outcome, with "Replay" on failed and orphaned events. */
export function DeliveriesPage() {
  const [outcome, setOutcome] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const query = { outcome: (outcome || undefined) as Outcome | undefined, limit: 50 };
  const pages = useInfiniteQuery({
    queryKey: ['events', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/webhooks/retell/events', { params: { query: { ...query, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const replay = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST('/api/webhooks/retell/events/{id}/replay', { params: { path: { id } } })),
    onSuccess: async (answer, id) => {
      const target = answer.candidate_id;
      const candidate = target
        ? await queryClient
            .fetchQuery({
              queryKey: ['candidate', target],
              queryFn: () => unwrap(api.GET('/api/candidates/{id}', { params: { path: { id: target } } })),
            })
            .catch(() => null)
        : null;
      const on = candidate
        ? ` on ${candidate.first_name} ${candidate.last_name}`
        : target
          ? ` on candidate ${target}`
          : '';
      setResult(`Event ${id} replayed: ${humanize(answer.outcome)}${on}.`);
      void queryClient.invalidateQueries({ queryKey: ['events'] });
    },
    onError: (error, id) => setResult(`Event ${id} could not be replayed: ${errorInWords(error)}`),
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const nameOf = useCandidateNames(rows.flatMap((e) => (e.candidate_id ? [e.candidate_id] : [])));

  return (
    <>
      <h1>Webhook deliveries</h1>
      <form className="filters" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="outcome">Outcome</label>
          <select id="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">Any outcome</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {humanize(o)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {result ? (
        <p className="note" role="status">
          {result}
        </p>
      ) : null}
      {pages.isPending ? (
        <Loading what="deliveries" />
      ) : pages.isError ? (
        <ErrorMessage error={pages.error} title="The event log could not be loaded" />
      ) : rows.length === 0 ? (
        <Empty>
          {outcome
            ? `No ${outcome} delivery.`
            : `No webhook has arrived yet. Point Retell's webhook at ${window.location.origin}/api/webhooks/retell.`}
        </Empty>
      ) : (
        <>
          <DataTable label="Deliveries table" columns={['Received', 'Event', 'Call', 'Outcome', 'Error', '']}>
            {rows.map((e) => (
              <tr key={e.id}>
                <td data-label="Received">{formatInstant(e.received_at, undefined, true)}</td>
                <td data-label="Event">{e.event}</td>
                <td data-label="Call">
                  <code title={e.call_id}>{e.call_id.length > 16 ? `${e.call_id.slice(0, 16)}…` : e.call_id}</code>
                  {e.candidate_id ? (
                    <>
                      {' '}
                      <Link to={`/candidates/${e.candidate_id}`}>{nameOf(e.candidate_id)}</Link>
                    </>
                  ) : null}
                </td>
                <td data-label="Outcome">
                  <StatusBadge status={e.outcome as string} />
                </td>
                <td data-label="Error">{e.error ?? '—'}</td>
                <td>
                  {REPLAYABLE.has(e.outcome as string) ? (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Replay event ${e.id} (${e.event})`}
                      disabled={replay.isPending}
                      onClick={() => replay.mutate(e.id)}
                    >
                      Replay
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
          <LoadMore pages={pages} />
        </>
      )}
    </>
  );
}
