import { useQueries } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../api/client';

/**
 * The names of candidates shown by id (the interviews and the delivery log): each read once and
 * shared with the candidate's page (same query key), refreshed by the change stream.
 * @returns a lookup: "Maya Chen", "an erased candidate", or "candidate 12" while loading
 */
export function useCandidateNames(ids: number[]): (id: number) => string {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['candidate', id],
      queryFn: () => unwrap(api.GET('/api/candidates/{id}', { params: { path: { id } } })),
      staleTime: 60_000,
    })),
  });
  return (id: number) => {
    const result = results[unique.indexOf(id)];
    if (result?.data) return `${result.data.first_name} ${result.data.last_name}`;
    if (result?.error instanceof ApiError && result.error.status === 404) return 'an erased candidate';
    return `candidate ${id}`;
  };
}
