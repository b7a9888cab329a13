import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, isChannel, isOneWayChannel } from '../src-shared/ipc/contract';
import type { IpcTransport } from '../src-shared/ipc/transport';

/**
 * Exposes exactly the IPC contract as `window.tandem`: a channel outside the contract (or, sent
 * one-way, one that is not one-way) is refused here, and main checks the sender and the payload
 * again.
 */
const tandem: IpcTransport = {
  invoke(channel, payload) {
    if (!isChannel(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `There is no IPC channel named ${JSON.stringify(channel)}.` },
      });
    }
    return ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, payload);
  },
  send(channel, payload) {
    // Main listens for one-way messages only on the one-way channels: anything else would vanish.
    if (!isOneWayChannel(channel)) throw new Error(`${JSON.stringify(channel)} is not a one-way IPC channel.`);
    ipcRenderer.send(`${IPC_PREFIX}${channel}`, payload);
  },
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('tandem', tandem);
