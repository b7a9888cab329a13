import { useCallback, useEffect, useState } from 'react';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/** The typed client; the Administration is shown only once there is one. */
export function useClient() {
  return useAppStore((state) => state.client)!;
}

/**
 * A list from the endpoint: null while it first loads, loaded when shown and again by `reload`
 * (after each change made here); `error` is the catalogue's message for a failed load.
 */
export function useList<T>(fetch: () => Promise<T[]>) {
  const [items, setItems] = useState<T[] | null>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- fetch is the same call each render
  const reload = useCallback(async () => setItems(await fetch()), []);
  const load = useAction(reload);
  const { run } = load;
  useEffect(() => void run(), [run]);
  return { items, reload, error: load.error };
}
