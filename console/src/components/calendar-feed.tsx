import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorMessage, Loading } from './states';
import { formatInstant } from '../format';

/**
 * The calendar feed's personal links: create one (its token is shown this once, the service keeps
 * only a hash), list those that work, revoke one at once.
 */
export function CalendarFeedPanel() {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const tokens = useQuery({
    queryKey: ['calendar-feed-tokens'],
    queryFn: () => unwrap(api.GET('/api/calendar-feed/tokens')),
  });
  const create = useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/api/calendar-feed/tokens', { body: { label: name } })),
    onSuccess: () => {
      setLabel('');
      return queryClient.invalidateQueries({ queryKey: ['calendar-feed-tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/calendar-feed/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar-feed-tokens'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (label.trim()) create.mutate(label.trim());
  };
  const active = tokens.data?.items.filter((token) => token.revoked_at === null) ?? [];

  return (
    <section className="panel" aria-labelledby="feed">
      <h2 id="feed">Calendar feed</h2>
      {create.data ? (
        <p role="status">
          Subscribe in your calendar app to{' '}
          <a href={create.data.path}>
            <code>{`${window.location.origin}${create.data.path}`}</code>
          </a>
          . Copy it now: it is shown this once, and it carries a private token.
        </p>
      ) : null}
      <form onSubmit={submit} className="inline">
        <div className="field">
          <label htmlFor="feed-label">New link for</label>
          <input
            id="feed-label"
            value={label}
            maxLength={200}
            placeholder="Your name or a team"
            onChange={(event) => setLabel(event.target.value)}
          />
        </div>
        <button type="submit" disabled={create.isPending || !label.trim()}>
          Create link
        </button>
      </form>
      {create.isError ? <ErrorMessage error={create.error} /> : null}
      {tokens.isPending ? (
        <Loading what="the calendar feed links" />
      ) : tokens.isError ? (
        <ErrorMessage error={tokens.error} />
      ) : active.length === 0 ? (
        <p>No link works yet.</p>
      ) : (
        <ul>
          {active.map((token) => (
            <li key={token.id}>
              {token.label}, created {formatInstant(token.created_at)}{' '}
              <button type="button" onClick={() => revoke.mutate(token.id)} disabled={revoke.isPending}>
                Revoke<span className="sr-only"> the link for {token.label}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {revoke.isError ? <ErrorMessage error={revoke.error} /> : null}
    </section>
  );
}
