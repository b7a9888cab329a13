import { useCallback, useEffect, useState } from 'react';
import type { RememberedHost } from '../../src-shared/session/remembered';
import { useAppStore } from '../store/appStore';

/**
 * The computers this device holds a remembered password for (never the keys: those stay in the
 * core, sealed). Read again after each outgoing connect settles, since the core adds a key when a
 * session starts and drops one the host refused.
 */
export function useRememberedHosts(settled: string | null) {
  const client = useAppStore((state) => state.client);
  const [hosts, setHosts] = useState<RememberedHost[]>([]);
  useEffect(() => {
    if (!client) return;
    let current = true;
    // A list that cannot be read shows nothing remembered: the password field then asks as before.
    client.invoke('session.rememberedHosts', {}).then(
      (list) => current && setHosts(list),
      () => current && setHosts([]),
    );
    return () => {
      current = false;
    };
  }, [client, settled]);
  const forget = useCallback(
    async (deviceId: string) => {
      if (client) setHosts(await client.invoke('session.forgetHost', { deviceId }));
    },
    [client],
  );
  return { hosts, forget };
}
