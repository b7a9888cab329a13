import { create } from 'zustand';
import type { TandemClient } from '../../src-shared/ipc/client';
import type { HelpSession } from '../../src-shared/liveview/contract';
import type { LiveViewRows, LiveViewState } from '../../src-shared/liveview/liveViewIpc';

export type LiveViewSort = 'openedAt' | 'status' | 'deviceName' | 'code';

/** How the supporter narrowed and ordered the list: applied here, over the rows in hand, at once. */
export interface LiveViewQuery {
  search: string;
  status: 'all' | 'active' | 'idle';
  sort: LiveViewSort;
  order: 'asc' | 'desc';
}

/** Longest waiting first: the one who asked first is helped first. */
export const DEFAULT_QUERY: LiveViewQuery = { search: '', status: 'all', sort: 'openedAt', order: 'asc' };

/**
 * The rows after a batch. A snapshot replaces the set; a row that did not change keeps its object,
 * so the list re-renders only what changed (a renewed subscription does not flicker).
 */
export function applyRows(
  rows: ReadonlyMap<string, HelpSession>,
  batch: LiveViewRows,
): ReadonlyMap<string, HelpSession> {
  const next = new Map(batch.snapshot ? [] : rows);
  for (const id of batch.removes) next.delete(id);
  for (const row of batch.upserts) {
    const known = rows.get(row.id);
    next.set(row.id, known && sameRow(known, row) ? known : row);
  }
  return next;
}

function sameRow(a: HelpSession, b: HelpSession): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `123456789` as people read it: `123 456 789`. */
export function groupCode(code: string): string {
  return code.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** Whether a row matches what the supporter typed: any tag, the ID (spaces and dashes ignored), the device or the name. */
export function matches(row: HelpSession, search: string): boolean {
  const words = search.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const digits = search.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits) && row.code.includes(digits)) return true;
  const text = [row.deviceName, row.yourName ?? '', ...row.tags].join('\n').toLocaleLowerCase();
  return words.every((word) => text.includes(word));
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
/** Plain comparison for what is no prose (ISO times, digits, `active`/`idle`): 10,000 rows sort in a few ms. */
const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const COMPARE: Record<LiveViewSort, (a: HelpSession, b: HelpSession) => number> = {
  openedAt: (a, b) => plain(a.openedAt, b.openedAt),
  status: (a, b) => plain(a.status, b.status),
  deviceName: (a, b) => collator.compare(a.deviceName, b.deviceName),
  code: (a, b) => plain(a.code, b.code),
};

/** The rows to show: filtered, searched and sorted; ties keep the order they were opened in. */
export function visibleRows(rows: ReadonlyMap<string, HelpSession>, query: LiveViewQuery): HelpSession[] {
  const compare = COMPARE[query.sort];
  const direction = query.order === 'asc' ? 1 : -1;
  return [...rows.values()]
    .filter((row) => (query.status === 'all' || row.status === query.status) && matches(row, query.search))
    .sort((a, b) => direction * compare(a, b) || COMPARE.openedAt(a, b) || plain(a.id, b.id));
}

interface LiveViewStore {
  state: LiveViewState;
  rows: ReadonlyMap<string, HelpSession>;
  query: LiveViewQuery;
  setQuery(patch: Partial<LiveViewQuery>): void;
  received(batch: LiveViewRows): void;
  stateChanged(state: LiveViewState): void;
  /** Follows the feed (the core's, or the web console's socket) while the screen is shown; the returned function hides it. */
  follow(client: TandemClient): () => void;
}

export const useLiveViewStore = create<LiveViewStore>()((set, get) => ({
  state: { state: 'closed' },
  rows: new Map(),
  query: DEFAULT_QUERY,
  setQuery(patch) {
    set({ query: { ...get().query, ...patch } });
  },
  received(batch) {
    set({ rows: applyRows(get().rows, batch) });
  },
  stateChanged(state) {
    set({ state });
  },

  follow(client) {
    // Listening before asking: the rows the core sends on open are not missed.
    const stops = [
      client.on('liveView.state', (state) => get().stateChanged(state)),
      client.on('liveView.rows', (batch) => get().received(batch)),
    ];
    set({ state: { state: 'loading' }, rows: new Map() });
    void client.invoke('liveView.open', {}).then(
      (state) => get().stateChanged(state),
      // The core could not be asked at all (the window lost it): the app's own screen says so.
      () => undefined,
    );
    return () => {
      for (const stop of stops) stop();
      void client.invoke('liveView.close', {}).catch(() => undefined);
      set({ state: { state: 'closed' }, rows: new Map() });
    };
  },
}));
