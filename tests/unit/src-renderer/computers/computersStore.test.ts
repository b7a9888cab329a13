import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Computer } from '../../../../src-shared/computers/contract';
import { TandemError } from '../../../../src-shared/errors';
import type { TandemClient } from '../../../../src-shared/ipc/client';
import {
  CHANGE_PAUSE_MS,
  listQuery,
  PAGE_SIZE,
  useComputersStore,
} from '../../../../src-renderer/computers/computersStore';

function computer(name: string, online = true): Computer {
  return {
    deviceId: String(100_000_000 + name.length),
    name,
    platform: 'win32',
    appVersion: '1.0.0',
    online,
    lastSeenAt: null,
    unattended: null,
    managed: true,
    policyName: null,
  };
}

/**
 * A window's client whose `computers.list` answers when the test says, recording what was asked;
 * `push` is the core telling the window that a computer changed.
 */
function endpoint() {
  const asked: unknown[] = [];
  const watching: string[] = [];
  const pending: { resolve(value: unknown): void; reject(error: unknown): void }[] = [];
  const listeners = new Set<(payload: unknown) => void>();
  const client = {
    invoke: (channel: string, request: unknown) => {
      if (channel === 'computers.watch' || channel === 'computers.unwatch') {
        watching.push(channel);
        return Promise.resolve({});
      }
      expect(channel).toBe('computers.list');
      asked.push(request);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
    on: (event: string, listener: (payload: unknown) => void) => {
      expect(event).toBe('computers.changed');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as TandemClient;
  const push = (deviceId: string | null) => {
    for (const listener of listeners) listener({ deviceId });
  };
  const answer = (index: number, computers: Computer[], total = computers.length) =>
    pending[index]!.resolve({ computers, total });
  const refuse = (index: number, error: unknown) => pending[index]!.reject(error);
  return { client, asked, answer, refuse, push, watching, listeners };
}

describe('the Computers screen’s store', () => {
  beforeEach(() => useComputersStore.getState().reset());

  it('asks the endpoint for what the supporter typed: an ID in groups is searched as its digits, the filter as is', () => {
    expect(listQuery({ search: '', online: 'all' })).toEqual({ limit: PAGE_SIZE });
    expect(listQuery({ search: ' 123 456-789 ', online: 'online' })).toEqual({
      search: '123456789',
      online: 'online',
      limit: PAGE_SIZE,
    });
    expect(listQuery({ search: ' Front Desk ', online: 'offline' })).toEqual({
      search: 'Front Desk',
      online: 'offline',
      limit: PAGE_SIZE,
    });
  });

  it('shows loading, then the list; a newer search keeps the list in hand and an older answer never overwrites it', async () => {
    const { client, asked, answer } = endpoint();
    const store = useComputersStore.getState();
    const first = store.load(client);
    expect(useComputersStore.getState().state).toEqual({ state: 'loading' });
    answer(0, [computer('Erika-PC'), computer('Max-PC', false)]);
    await first;
    expect(useComputersStore.getState().state).toMatchObject({ state: 'ready', total: 2 });

    store.setQuery({ search: 'erika' });
    const slow = store.load(client);
    store.setQuery({ search: 'max' });
    const fast = store.load(client);
    expect(asked.slice(1)).toEqual([
      { query: { search: 'erika', limit: PAGE_SIZE } },
      { query: { search: 'max', limit: PAGE_SIZE } },
    ]);
    // While both are asked, the last list stays.
    expect(useComputersStore.getState().state).toMatchObject({ state: 'ready', total: 2 });
    answer(2, [computer('Max-PC', false)]);
    await fast;
    answer(1, [computer('Erika-PC')]);
    await slow;
    const state = useComputersStore.getState().state;
    expect(state.state === 'ready' && state.computers.map((each) => each.name)).toEqual(['Max-PC']);
  });

  it('says why the list could not be read, and reads it again when asked', async () => {
    const { client, answer, refuse } = endpoint();
    const store = useComputersStore.getState();
    const failed = store.load(client);
    refuse(0, new TandemError('forbidden', 'Your role does not allow this.'));
    await failed;
    const state = useComputersStore.getState().state;
    expect(state.state === 'error' && state.error?.code).toBe('forbidden');

    const again = store.load(client);
    expect(useComputersStore.getState().state).toEqual({ state: 'loading' });
    answer(1, []);
    await again;
    expect(useComputersStore.getState().state).toEqual({ state: 'ready', computers: [], total: 0 });
  });

  it('reads the list again once after a burst of pushed changes, and stops listening when the screen is hidden', async () => {
    vi.useFakeTimers();
    try {
      const { client, asked, answer, push, watching, listeners } = endpoint();
      const stop = useComputersStore.getState().watch(client);
      expect(watching).toEqual(['computers.watch']);
      push('100000001');
      push('100000002');
      push(null);
      expect(asked).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(CHANGE_PAUSE_MS);
      expect(asked).toHaveLength(1);
      answer(0, [computer('Erika-PC', false)]);
      await vi.runAllTimersAsync();
      expect(useComputersStore.getState().state).toMatchObject({ state: 'ready', total: 1 });

      push('100000001');
      stop();
      await vi.advanceTimersByTimeAsync(CHANGE_PAUSE_MS * 2);
      expect(asked).toHaveLength(1);
      expect(listeners.size).toBe(0);
      expect(watching).toEqual(['computers.watch', 'computers.unwatch']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets the list and the search when the screen is hidden', async () => {
    const { client, answer } = endpoint();
    const store = useComputersStore.getState();
    store.setQuery({ search: 'erika', online: 'online' });
    const load = store.load(client);
    store.reset();
    answer(0, [computer('Erika-PC')]);
    await load;
    expect(useComputersStore.getState()).toMatchObject({
      state: { state: 'idle' },
      query: { search: '', online: 'all' },
    });
  });
});
