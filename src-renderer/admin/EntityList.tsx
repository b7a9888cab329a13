import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../shell/ErrorText';

export const PAGE_SIZE = 25;

export interface Column<T> {
  /** The column's header; also names a column whose header is only for screen readers. */
  header: string;
  cell(item: T): React.ReactNode;
  /** Header read by screen readers only (for a column of buttons). */
  hiddenHeader?: boolean;
  className?: string;
}

/**
 * One list of the Administration: a search box that filters the rows, pages of 25 with previous and
 * next, an empty state that says how to make the first one, a no-match state, and loading and error
 * states (the catalogue's message for the failure).
 */
export function EntityList<T>({
  label,
  items,
  error,
  columns,
  rowKey,
  searchText,
  empty,
  rowTestId,
}: {
  /** What the rows are, plural ("Policies"): names the table, the search box and the pages. */
  label: string;
  /** Null while loading. */
  items: readonly T[] | null;
  error?: string | null;
  columns: readonly Column<T>[];
  rowKey(item: T): string;
  /** The text a search matches against (case-insensitive). */
  searchText(item: T): string;
  /** The empty state: there is none yet, and how to make the first. */
  empty: string;
  rowTestId?(item: T): string;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const needle = query.trim().toLocaleLowerCase();
  const matching = (items ?? []).filter((item) => !needle || searchText(item).toLocaleLowerCase().includes(needle));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = matching.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  if (items === null) {
    return (
      <>
        {!error && (
          <p role="status" className="hint">
            {t('admin.list.loading', { what: label })}
          </p>
        )}
        <ErrorText message={error} />
      </>
    );
  }
  return (
    <div className="entity-list">
      <ErrorText message={error} />
      {items.length === 0 ? (
        <div className="empty-state list-empty">
          <p>{empty}</p>
        </div>
      ) : (
        <>
          <div className="field list-search">
            <label htmlFor={`${id}-search`}>{t('admin.list.search', { what: label })}</label>
            <input
              id={`${id}-search`}
              type="search"
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
                setPage(0);
              }}
            />
          </div>
          {matching.length === 0 ? (
            <p className="hint" role="status">
              {t('admin.list.noMatch', { query: query.trim() })}
            </p>
          ) : (
            <table className="admin-table" aria-label={label}>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column.header} scope="col">
                      {column.hiddenHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((item) => (
                  <tr key={rowKey(item)} data-testid={rowTestId?.(item)}>
                    {columns.map((column) => (
                      <td key={column.header} className={column.className}>
                        {column.cell(item)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <div className="pager" role="group" aria-label={t('admin.list.pages', { what: label })}>
              <button
                type="button"
                className="secondary"
                disabled={current === 0}
                aria-label={t('admin.list.previousOf', { what: label })}
                onClick={() => setPage(current - 1)}
              >
                {t('admin.list.previous')}
              </button>
              <span role="status">{t('admin.list.page', { page: current + 1, pages })}</span>
              <button
                type="button"
                className="secondary"
                disabled={current >= pages - 1}
                aria-label={t('admin.list.nextOf', { what: label })}
                onClick={() => setPage(current + 1)}
              >
                {t('admin.list.next')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

/**
 * The last column of a list whose rows can be edited and removed: two buttons, each named with
 * the row ("Edit policy Office PCs"), so a screen reader tells them apart.
 */
export function editRemoveColumn<T>(options: {
  header: string;
  editLabel: (row: T) => string;
  removeLabel: (row: T) => string;
  edit: string;
  remove: string;
  onEdit: (row: T) => void;
  onRemove: (row: T) => void;
}): Column<T> {
  return {
    header: options.header,
    hiddenHeader: true,
    className: 'row-actions',
    cell: (row) => (
      <>
        <button
          type="button"
          className="secondary"
          aria-label={options.editLabel(row)}
          onClick={() => options.onEdit(row)}
        >
          {options.edit}
        </button>
        <button
          type="button"
          className="danger"
          aria-label={options.removeLabel(row)}
          onClick={() => options.onRemove(row)}
        >
          {options.remove}
        </button>
      </>
    ),
  };
}
