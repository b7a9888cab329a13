import { join } from 'node:path';
import type { Settings } from '../../src-shared/domain/settings';
import { CloudClient } from './cloud/cloudClient';
import { DESKTOP_DB_FILE, openDesktopDatabase, type DesktopDatabase } from './db/desktopDatabase';
import { DeviceIdentityService } from './device/deviceIdentity';
import { CoreEvents } from './events';
import { createDispatcher, type Dispatch, type IpcHandlers } from './ipc/dispatcher';
import type { Logger } from './logger';
import { SettingsStore } from './settings/settingsStore';

export interface CoreOptions {
  dataDir: string;
  runtime: 'electron' | 'browser';
  version: string;
  cloud: { url: string; embedded: boolean };
  log: Logger;
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: CoreEvents;
  readonly db: DesktopDatabase;
  readonly settings: SettingsStore;
  close(): void;
}

/**
 * The main process's logic, free of Electron: the same core runs inside the desktop app and
 * behind the loopback bridge in browser mode.
 */
export function createCore(options: CoreOptions): Core {
  const db = openDesktopDatabase(join(options.dataDir, DESKTOP_DB_FILE));
  const events = new CoreEvents();
  const settings = new SettingsStore(db);
  const identity = new DeviceIdentityService(db);
  const cloud = new CloudClient(options.cloud.url, options.cloud.embedded);

  const handlers: IpcHandlers = {
    'app.info': () => ({
      version: options.version,
      platform: process.platform,
      runtime: options.runtime,
      dataDir: options.dataDir,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const updated: Settings = settings.update(patch);
      events.emit('settings.changed', updated);
      return updated;
    },
    'device.identity': () => identity.current(),
    'device.rotatePassword': () => {
      const rotated = identity.rotatePassword();
      events.emit('device.changed', rotated);
      options.log.info({ deviceId: rotated.deviceId }, 'one-time password rotated on request');
      return rotated;
    },
    'cloud.status': async ({ refresh }) => {
      if (!refresh && cloud.lastStatus) return cloud.lastStatus;
      const status = await cloud.checkHealth();
      events.emit('cloud.changed', status);
      return status;
    },
  };

  return {
    dispatch: createDispatcher(handlers, options.log),
    events,
    db,
    settings,
    close: () => db.close(),
  };
}
