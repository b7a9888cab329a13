import { create } from 'zustand';
import type { Computer } from '../../src-shared/computers/contract';
import { TandemError } from '../../src-shared/errors';
import type { TandemClient } from '../../src-shared/ipc/client';

/** The most the screen asks for at once (the route's page limit); beyond it the supporter narrows the search. */
export const PAGE_SIZE = 500;
/** A burst of changes (a whole office starting up) is one read of the list, this long after the first. */
export const CHANGE_PAUSE_MS = 300;

/** What the supporter narrowed the list to: the endpoint's search (name, ID, policy) and online filter. */
export interface ComputersQuery {
  search: string;
  online: 'all' | 'online' | 'offline';
}

export const DEFAULT_QUERY: ComputersQuery = { search: '', online: 'all' };

export type ComputersState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; computers: readonly Computer[]; total: number }
  /** The list could not be read; the last one (if any) stays out of sight, the error says why. */
  | { state: 'error'; error: TandemError | null };

/** The endpoint's query for what the supporter typed and picked; an ID typed with spaces or dashes is found too. */
export function listQuery(query: ComputersQuery): { search?: string; online?: 'online' | 'offline'; limit: number } {
  const typed = query.search.trim();
  const search = /^[\d\s-]+$/.test(typed) ? typed.replace(/[\s-]/g, '') : typed;
  return {
    ...(search ? { search } : {}),
    ...(query.online === 'all' ? {} : { online: query.online }),
    limit: PAGE_SIZE,
  };
}

interface ComputersStore {
  state: ComputersState;
  query: ComputersQuery;
  setQuery(patch: Partial<ComputersQuery>): void;
  /** Asks the endpoint for the list the query describes; an answer to an older query is dropped. */
  load(client: TandemClient): Promise<void>;
  /** The screen is hidden: nothing kept, the next showing starts fresh. */
  reset(): void;
  /**
   * Keeps the list live while the screen is shown: the core says when a computer came online or
   * went offline (no polling) and the list is read again; the returned function stops it.
   */
  watch(client: TandemClient): () => void;
}

let asked = 0;

export const useComputersStore = create<ComputersStore>()((set, get) => ({
  state: { state: 'idle' },
  query: DEFAULT_QUERY,
  setQuery(patch) {
    set({ query: { ...get().query, ...patch } });
  },

  async load(client) {
    const mine = ++asked;
    // A list in hand stays while the next one is asked for (typing does not blank the screen).
    if (get().state.state !== 'ready') set({ state: { state: 'loading' } });
    try {
      const { computers, total } = await client.invoke('computers.list', { query: listQuery(get().query) });
      if (mine === asked) set({ state: { state: 'ready', computers, total } });
    } catch (error) {
      if (mine === asked) set({ state: { state: 'error', error: error instanceof TandemError ? error : null } });
    }
  },

  reset() {
    asked += 1;
    set({ state: { state: 'idle' }, query: DEFAULT_QUERY });
  },

  watch(client) {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = client.on('computers.changed', () => {
      timer ??= setTimeout(() => {
        timer = null;
        void get().load(client);
      }, CHANGE_PAUSE_MS);
    });
    // The web console has no signaling connection and refuses this: its list is read when asked.
    void client.invoke('computers.watch', {}).catch(() => undefined);
    return () => {
      stop();
      if (timer) clearTimeout(timer);
      void client.invoke('computers.unwatch', {}).catch(() => undefined);
    };
  },
}));
