import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap, type Interview } from '../api/client';
import { CalendarFeedPanel } from '../components/calendar-feed';
import { useCandidateNames } from '../components/candidate-names';
import { LoadMore } from '../components/data-table';
import { Empty, ErrorMessage, Loading } from '../components/states';
import { formatDay, formatInstant, VIEWER_ZONE } from '../format';

/** The viewer's calendar day of an instant, as a sortable key. */
function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Upcoming interviews grouped by day (in the viewer's zone), with their candidates. */
export function InterviewsPage() {
  const interviews = useInfiniteQuery({
    queryKey: ['interviews'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/interviews', { params: { query: { status: 'scheduled', limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const items = interviews.data?.pages.flatMap((page) => page.items) ?? [];
  const nameOf = useCandidateNames(items.map((i) => i.candidate_id));

  const days = new Map<string, Interview[]>();
  for (const interview of items) {
    const key = dayKey(interview.starts_at);
    days.set(key, [...(days.get(key) ?? []), interview]);
  }

  return (
    <>
      <h1>Upcoming interviews</h1>
      <CalendarFeedPanel />
      <p className="note">Days and times in your zone ({VIEWER_ZONE}).</p>
      {interviews.isPending ? (
        <Loading what="interviews" />
      ) : interviews.isError ? (
        <ErrorMessage error={interviews.error} title="The interviews could not be loaded" />
      ) : days.size === 0 ? (
        <Empty>No upcoming interview. Interviews booked by calls appear here.</Empty>
      ) : (
        [...days.entries()].map(([key, list]) => (
          <section key={key} aria-label={formatDay(list[0].starts_at)} className="day">
            <h2>{formatDay(list[0].starts_at)}</h2>
            <ul className="plain">
              {list.map((i) => (
                <li key={i.id}>
                  <strong>{formatInstant(i.starts_at)}</strong> ·{' '}
                  <Link to={`/candidates/${i.candidate_id}`}>{nameOf(i.candidate_id)}</Link> · {i.duration_minutes} min
                  · candidate’s time {formatInstant(i.starts_at, i.timezone)}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      <LoadMore pages={interviews} />
    </>
  );
}
