import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryFilter } from '../../src-shared/domain/summary';
import type { Response } from '../../src-shared/ipc/contract';
import { useAppStore } from '../store/appStore';
import { useInsightsStore } from './insightsStore';

export type SummaryItem = Response<'insights.list'>['items'][number];
/** How many summaries the filter matches; `more`: at least `count` (a search counts only so far past the page). */
export interface ListTotal {
  count: number;
  more: boolean;
}
// About four screens of rows: the first page is what a click or a keystroke waits for (read, checked
// by zod in main and in the window, rendered), so it holds no more than the screen needs soon.
const PAGE = 50;

/** The total after a later page of the same result set: an exact count wins, a lower bound only grows. */
function grown(previous: ListTotal | null, next: ListTotal): ListTotal | null {
  if (!previous) return next;
  if (!next.more) return !previous.more && previous.count === next.count ? previous : next;
  return previous.more && next.count > previous.count ? next : previous;
}
const ROW_PX = 64;

/**
 * SI-9: the summaries, newest first, as a listbox that renders only the rows in view and loads
 * them a page at a time, so 100,000 entries scroll as smoothly as ten. Arrow keys, Home and End
 * move through it; the chosen summary opens on the right.
 */
export function SummaryList({
  filter,
  generation,
  onTotal,
}: {
  filter: SummaryFilter;
  /** Changes whenever the cache changed: the list reloads. */
  generation: number;
  onTotal(total: ListTotal | null): void;
}): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  const id = useId();
  const client = useAppStore((state) => state.client);
  const selectedId = useInsightsStore((state) => state.selectedId);
  const select = useInsightsStore((state) => state.select);
  const pendingDelete = useInsightsStore((state) => state.pendingDelete);
  const [listTotal, setListTotal] = useState<ListTotal | null>(null);
  const total = listTotal?.count ?? null;
  const [activeIndex, setActiveIndex] = useState<number | null>(null);
  // Each page remembers the key (filter and cache state) it was loaded for. Pages of an older key
  // stay on screen until the first page of the new one arrives: typing never flashes empty rows.
  const pages = useRef(new Map<number, { key: string; items: SummaryItem[] | null }>());
  const [results, setResults] = useState(0);
  const [, loaded] = useReducer((count: number) => count + 1, 0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const key = `${JSON.stringify(filter)}#${generation}`;
  const currentKey = useRef(key);
  /** Whether the first page of `currentKey` is in (the pages of an older key may still be on screen). */
  const shown = useRef(false);

  const loadPage = useCallback(
    async (index: number) => {
      const entry = pages.current.get(index);
      const forKey = currentKey.current;
      if (!client || entry?.key === forKey) return;
      pages.current.set(index, { key: forKey, items: entry?.items ?? null });
      try {
        const page = await client.invoke('insights.list', { ...filter, limit: PAGE, offset: index * PAGE });
        if (forKey !== currentKey.current) return;
        if (index === 0) {
          for (const [other, stale] of pages.current) if (stale.key !== forKey) pages.current.delete(other);
          shown.current = true;
          setResults((count) => count + 1);
        }
        pages.current.set(index, { key: forKey, items: page.items });
        const next = { count: page.total, more: page.totalIsLowerBound === true };
        // A later page of a search counts further (up to the bound past its own start): the list grows
        // as it is scrolled and never shrinks under the rows already shown.
        setListTotal((previous) => (index === 0 ? next : grown(previous, next)));
        loaded();
      } catch {
        if (forKey === currentKey.current) pages.current.delete(index);
      }
    },
    [client, filter],
  );

  useEffect(() => {
    currentKey.current = key;
    shown.current = false;
    void loadPage(0);
    // Only the key matters: a new filter or a changed cache loads the pages afresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => onTotal(listTotal), [onTotal, listTotal]);
  // A different filter starts at the top.
  useEffect(() => {
    setActiveIndex(null);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filter]);

  // eslint-disable-next-line react-hooks/incompatible-library -- no memoizing compiler runs here; the list re-renders as it scrolls.
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const itemAt = (index: number): SummaryItem | null =>
    pages.current.get(Math.floor(index / PAGE))?.items?.[index % PAGE] ?? null;
  useEffect(() => {
    // Until the new key's first page is in, the rows are where the old results were scrolled to:
    // loading their pages for the new key would put a far page (OFFSET 99,900) ahead of the next keystroke's.
    if (!shown.current) return;
    for (const row of rows) void loadPage(Math.floor(row.index / PAGE));
  }, [rows, loadPage, results]);
  // Selection follows the keyboard once the row under it is loaded.
  const activeItem = activeIndex === null ? null : itemAt(activeIndex);
  useEffect(() => {
    if (activeItem && activeItem.id !== selectedId) select(activeItem.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeItem?.id]);

  if (total === null || total === 0) return null;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const move = (to: number) => {
    const index = Math.max(0, Math.min(total - 1, to));
    setActiveIndex(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const current = activeIndex ?? -1;
  const onKeyDown = (event: React.KeyboardEvent) => {
    const perPage = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_PX) / ROW_PX));
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      ArrowUp: () => move(current - 1),
      PageDown: () => move(current + perPage),
      PageUp: () => move(current - perPage),
      Home: () => move(0),
      End: () => move(total - 1),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  return (
    <div
      ref={scrollRef}
      className="summary-list"
      data-testid="summary-list"
      // How many result sets the list has shown: benchmarks wait on it after a keystroke.
      data-results={results}
      role="listbox"
      aria-label={t('insights.list')}
      tabIndex={0}
      aria-activedescendant={activeIndex !== null ? `${id}-${activeIndex}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const item = itemAt(row.index);
          const deleting = item !== null && pendingDelete?.id === item.id;
          return (
            <div
              key={row.key}
              id={`${id}-${row.index}`}
              role="option"
              aria-selected={item !== null && item.id === selectedId}
              aria-setsize={total}
              aria-posinset={row.index + 1}
              aria-disabled={deleting || undefined}
              className={`summary-row${deleting ? ' deleting' : ''}${row.index === activeIndex ? ' active' : ''}`}
              style={{ transform: `translateY(${row.start}px)`, height: ROW_PX }}
              onClick={() => {
                if (!item || deleting) return;
                setActiveIndex(row.index);
                // A click always opens the row, also when it is already the active one (after a
                // delete cleared the selection, say).
                select(item.id);
              }}
            >
              {item ? (
                <>
                  <span className="row-title">{item.fields.title}</span>
                  <span className="row-meta">
                    {date.format(new Date(item.createdAt))} ·{' '}
                    {item.fields.issueTypes.map((issue) => t(`insights.issue.${issue.type}`)).join(', ')}
                    {item.conflict && <span className="badge warn">{t('insights.conflictBadge')}</span>}
                    {item.pending && !item.conflict && <span className="badge">{t('insights.notSynced')}</span>}
                  </span>
                </>
              ) : (
                <span className="row-skeleton" aria-label={t('insights.loadingRow')} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
