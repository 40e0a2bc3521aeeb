import { useQueries } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../api/client';

/**
 * The candidates shown by id: each read once and shared with the candidate's page (same query
 * key), refreshed by the change stream.
 */
function useCandidateLookup(ids: number[]) {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['candidate', id],
      queryFn: () => unwrap(api.GET('/api/candidates/{id}', { params: { path: { id } } })),
      staleTime: 60_000,
    })),
  });
  return (id: number) => results[unique.indexOf(id)];
}

/**
 * The names of candidates shown by id (the interviews and the delivery log).
 * @returns a lookup: "Maya Chen", "an erased candidate", or "candidate 12" while loading
 */
export function useCandidateNames(ids: number[]): (id: number) => string {
  const find = useCandidateLookup(ids);
  return (id: number) => {
    const result = find(id);
    if (result?.data) return `${result.data.first_name} ${result.data.last_name}`;
    if (result?.error instanceof ApiError && result.error.status === 404) return 'an erased candidate';
    return `candidate ${id}`;
  };
}

/**
 * The zone each candidate's calling hours are read in: their own, or the service's default (for
 * a campaign's candidates without a zone of their own).
 * @returns a lookup: "America/Chicago", or undefined while loading or once erased
 */
export function useCandidateZones(ids: number[]): (id: number) => string | undefined {
  const find = useCandidateLookup(ids);
  return (id: number) => find(id)?.data?.outreach.timezone;
}
