import type { ReactNode } from 'react';

interface DataTableProps {
  /** The region's accessible name, e.g. "Candidates table". */
  label: string;
  /** Column headings; an empty one is named "Actions" for screen readers only. */
  columns: string[];
  children: ReactNode;
}

/**
 * A table in a focusable, named region (it scrolls sideways on its own if it must); at phone width
 * the stylesheet turns each row into a card whose cells are named by their `data-label`.
 */
export function DataTable({ label, columns, children }: DataTableProps) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th scope="col" key={i}>
                {column || <span className="sr-only">Actions</span>}
              </th>
            ))}
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
