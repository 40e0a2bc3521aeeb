import type { ReactNode } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import type { CampaignMember, MemberState } from '../campaign-words';
import { DataTable, LoadMore } from './data-table';
import { Empty, ErrorMessage, Loading } from './states';

interface MemberQuery {
  state?: MemberState;
  sort: 'added' | 'rank';
}

/** A page of a campaign's candidates per request, "Load more" for the next (its key starts with 'campaigns': live). */
export function useMembers(id: number, query: MemberQuery) {
  return useInfiniteQuery({
    queryKey: ['campaigns', id, 'candidates', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/campaigns/{id}/candidates', {
          params: { path: { id }, query: { ...query, limit: 25, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** The candidate's name, linked to their page; an erased candidate has neither. */
export function MemberName({ member }: { member: CampaignMember }) {
  if (member.candidate_id === null) return <>An erased candidate</>;
  return <Link to={`/candidates/${member.candidate_id}`}>{member.name ?? `Candidate ${member.candidate_id}`}</Link>;
}

interface MemberTableProps {
  label: string;
  columns: string[];
  pages: ReturnType<typeof useMembers>;
  /** Said when no candidate is listed. */
  empty: string;
  row: (member: CampaignMember, index: number) => ReactNode;
}

/** A campaign's candidates as a table: loading, error and empty states in words, and "Load more". */
export function MemberTable({ label, columns, pages, empty, row }: MemberTableProps) {
  const members = pages.data?.pages.flatMap((page) => page.items) ?? [];
  if (pages.isPending) return <Loading what="the campaign’s candidates" />;
  if (pages.isError) return <ErrorMessage error={pages.error} title="The campaign’s candidates could not be loaded" />;
  if (members.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <DataTable label={label} columns={columns}>
        {members.map(row)}
      </DataTable>
      <LoadMore pages={pages} />
    </>
  );
}
