import type { ReactNode } from 'react';

/** A column the table can be sorted by: its label and the API's `sort` value. */
export interface SortableColumn {
  label: string;
  sort: string;
}

/** The current order, and what to do when a sortable column's heading is pressed. */
export interface Sorting {
  sort: string;
  order: 'asc' | 'desc';
  onSort: (sort: string) => void;
}

interface DataTableProps {
  /** The region's accessible name, e.g. "Candidates table". */
  label: string;
  /** Column headings; an empty one is named "Actions" for screen readers only. */
  columns: (string | SortableColumn)[];
  /** With sortable columns: their headings are buttons, and the sorted one says its order (aria-sort). */
  sorting?: Sorting;
  children: ReactNode;
}

function Heading({ column, sorting }: { column: string | SortableColumn; sorting?: Sorting }) {
  if (typeof column === 'string') return <>{column || <span className="sr-only">Actions</span>}</>;
  const active = sorting?.sort === column.sort;
  const arrow = active ? (sorting?.order === 'asc' ? ' ▲' : ' ▼') : '';
  return (
    <button type="button" className="sort" onClick={() => sorting?.onSort(column.sort)}>
      {column.label}
      <span aria-hidden="true">{arrow}</span>
    </button>
  );
}

/**
 * A table in a focusable, named region (it scrolls sideways on its own if it must); at phone width
 * the stylesheet turns each row into a card whose cells are named by their `data-label`.
 */
export function DataTable({ label, columns, sorting, children }: DataTableProps) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <thead>
          <tr>
            {columns.map((column, i) => {
              const sorted = typeof column !== 'string' && sorting?.sort === column.sort;
              return (
                <th
                  scope="col"
                  key={i}
                  aria-sort={sorted ? (sorting?.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <Heading column={column} sorting={sorting} />
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

interface Pager {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more": the next page by the API's cursor, while there is one. */
export function LoadMore({ pages }: { pages: Pager }) {
  if (!pages.hasNextPage) return null;
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => void pages.fetchNextPage()}
      disabled={pages.isFetchingNextPage}
    >
      {pages.isFetchingNextPage ? 'Loading more…' : 'Load more'}
    </button>
  );
}
