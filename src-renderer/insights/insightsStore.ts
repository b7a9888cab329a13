import { create } from 'zustand';
import type { IssueType, SummaryFilter } from '../../src-shared/domain/summary';
import { TandemError, type ErrorCode } from '../../src-shared/errors';
import type { TandemClient } from '../../src-shared/ipc/client';

export type Period = '7' | '30' | '90' | 'all' | 'custom';

/** What the user narrowed the Insights view to; one value per kind, as the filter bar offers. */
export interface InsightsFilter {
  query: string;
  period: Period;
  /** yyyy-mm-dd, for a custom period. */
  customFrom: string;
  customTo: string;
  issueType: IssueType | null;
  application: string | null;
  device: string | null;
  supporter: string | null;
}

export const NO_FILTER: InsightsFilter = {
  query: '',
  period: '30',
  customFrom: '',
  customTo: '',
  issueType: null,
  application: null,
  device: null,
  supporter: null,
};

const DAY_MS = 86_400_000;
export const UNDO_MS = 6000;

/** The filter as the core's API takes it; the period counts back from `now`. */
export function toSummaryFilter(filter: InsightsFilter, now = Date.now()): SummaryFilter {
  const dayStart = (value: string, plusDays = 0) => {
    const [year, month, day] = value.split('-').map(Number);
    return new Date(year!, month! - 1, day! + plusDays).toISOString();
  };
  const period =
    filter.period === 'custom'
      ? {
          ...(filter.customFrom ? { from: dayStart(filter.customFrom) } : {}),
          // The end day counts in full.
          ...(filter.customTo ? { to: dayStart(filter.customTo, 1) } : {}),
        }
      : filter.period === 'all'
        ? {}
        : { from: new Date(now - Number(filter.period) * DAY_MS).toISOString() };
  return {
    ...(filter.query.trim() ? { query: filter.query } : {}),
    ...(filter.issueType ? { issueTypes: [filter.issueType] } : {}),
    ...(filter.application ? { applications: [filter.application] } : {}),
    ...(filter.device ? { devices: [filter.device] } : {}),
    ...(filter.supporter ? { supporters: [filter.supporter] } : {}),
    ...period,
  };
}

interface PendingDelete {
  id: string;
  title: string;
  timer: ReturnType<typeof setTimeout>;
}

interface InsightsState {
  /**
   * The view only reads (the web console: the endpoint's summaries, no local cache): no edit,
   * delete, export, sync or conflict controls. The desktop app leaves it false.
   */
  readOnly: boolean;
  filter: InsightsFilter;
  selectedId: string | null;
  /** A delete the user can still undo; it reaches the cache when the time is up. */
  pendingDelete: PendingDelete | null;
  /** Why the last delete failed (an error code), for the view to explain. */
  deleteError: ErrorCode | null;
  setFilter(patch: Partial<InsightsFilter>): void;
  select(id: string | null): void;
  deleteLater(client: TandemClient, id: string, title: string): void;
  undoDelete(): void;
  /** Commits a pending delete now (leaving the view counts as not undoing it). */
  flushDelete(client: TandemClient): Promise<void>;
}

export const useInsightsStore = create<InsightsState>()((set, get) => ({
  readOnly: false,
  filter: NO_FILTER,
  selectedId: null,
  pendingDelete: null,
  deleteError: null,
  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } });
  },
  select(id) {
    set({ selectedId: id });
  },
  deleteLater(client, id, title) {
    void get().flushDelete(client);
    const timer = setTimeout(() => void get().flushDelete(client), UNDO_MS);
    set({ pendingDelete: { id, title, timer }, deleteError: null, selectedId: null });
  },
  undoDelete() {
    const pending = get().pendingDelete;
    if (!pending) return;
    clearTimeout(pending.timer);
    set({ pendingDelete: null, selectedId: pending.id });
  },
  async flushDelete(client) {
    const pending = get().pendingDelete;
    if (!pending) return;
    clearTimeout(pending.timer);
    set({ pendingDelete: null });
    try {
      await client.invoke('insights.delete', { id: pending.id });
    } catch (error) {
      set({ deleteError: error instanceof TandemError ? error.code : 'internal' });
    }
  },
}));
