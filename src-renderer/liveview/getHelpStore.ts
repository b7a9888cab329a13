import { create } from 'zustand';
import type { TandemClient } from '../../src-shared/ipc/client';
import type { GetHelpState } from '../../src-shared/liveview/getHelpIpc';

interface GetHelpStore {
  /** This computer's request for help as the core last told it; null until it answered. */
  help: GetHelpState | null;
  /** Listens to the core (once per client) and asks for the state it has now. */
  listen(client: TandemClient): () => void;
}

/**
 * LV-1 … LV-4 in the end user's window: the state of *Get help*, for the host screen and for
 * anything else that needs to know whether this computer is asking for help (and its ID).
 */
export const useGetHelpStore = create<GetHelpStore>()((set) => ({
  help: null,
  listen(client) {
    const stop = client.on('getHelp.changed', (help) => set({ help }));
    // A change heard meanwhile is newer than this answer.
    void client.invoke('getHelp.status', {}).then((help) => set((current) => (current.help ? {} : { help })));
    return stop;
  },
}));
