import { ipcMain, webContents, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, channelNames, isOneWayChannel } from '../../src-shared/ipc/contract';
import { failure } from '../../src-shared/ipc/envelope';
import type { Core } from '../core/core';
import type { Logger } from '../core/logger';
import { isTrustedSender } from './securityPolicy';

/**
 * Registers one ipcMain handler per contract channel, and a listener for each one-way channel's
 * messages. Each call and message is checked for its sender (Tandem's own page, top frame) before
 * the core's dispatcher validates the payload.
 */
export function registerIpc(core: Core, trustedOrigins: readonly string[], log: Logger): () => void {
  const trusted = (channel: string, event: IpcMainEvent | IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    const sender = frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
    if (isTrustedSender(sender, trustedOrigins)) return true;
    log.warn({ channel, url: frame?.url }, 'IPC call from an untrusted frame refused');
    return false;
  };
  for (const channel of channelNames) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!trusted(channel, event)) {
        return failure({ code: 'forbidden_sender', message: 'Only Tandem’s own window may call the core.' });
      }
      return core.dispatch(channel, payload);
    });
  }
  const oneWay = channelNames.filter(isOneWayChannel);
  for (const channel of oneWay) {
    ipcMain.on(`${IPC_PREFIX}${channel}`, (event: IpcMainEvent, payload: unknown) => {
      if (!trusted(channel, event)) return;
      void core.dispatch(channel, payload).then((result) => {
        if (!result.ok) log.warn({ channel, code: result.error.code }, 'one-way IPC message refused');
      });
    });
  }
  const unsubscribe = core.events.subscribe((event, payload) => {
    for (const contents of webContents.getAllWebContents()) {
      if (!contents.isDestroyed() && isTrustedSender({ url: contents.getURL(), isMainFrame: true }, trustedOrigins)) {
        contents.send(IPC_EVENT_CHANNEL, event, payload);
      }
    }
  });
  return () => {
    unsubscribe();
    for (const channel of channelNames) ipcMain.removeHandler(`${IPC_PREFIX}${channel}`);
    for (const channel of oneWay) ipcMain.removeAllListeners(`${IPC_PREFIX}${channel}`);
  };
}
