import { app } from 'electron';
import { autoUpdater, type UpdateInfo as ElectronUpdateInfo } from 'electron-updater';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManagedConfig } from '../../src-shared/domain/managedConfig';
import { updateInfoSchema } from '../../src-shared/domain/updates';
import type { Logger } from '../core/logger';
import { resolveManaged } from '../core/managed/managedConfig';
import type { Updater } from '../core/updates/updater';
import { verifyRelease } from '../core/updates/updateSignature';

const CHECK_EVERY_MS = 4 * 60 * 60_000;

/**
 * DP-3: electron-updater's generic provider against the company's endpoint. A downloaded release
 * is offered only if its feed carries the release key's signature (electron-updater checks the
 * files against the signed SHA-512). Where IT forbids postponing, it installs when Tandem quits.
 */
export function createUpdater(options: { cloudUrl: string; managed: ManagedConfig; log: Logger }): Updater | null {
  const keyFile = join(process.resourcesPath, 'update-public-key.pem');
  if (!app.isPackaged || !existsSync(keyFile)) {
    options.log.info('updates are off: a development build, or no release key in this build');
    return null;
  }
  const publicKey = readFileSync(keyFile, 'utf8');
  const channel = resolveManaged('updateChannel', options.managed, null, 'stable').value;
  const canPostpone = resolveManaged('allowUpdatePostpone', options.managed, null, true).value;
  const listeners: (() => void)[] = [];
  let current: ReturnType<Updater['status']> = {
    state: 'idle',
    version: null,
    releaseNotes: null,
    message: null,
  };
  const set = (next: Partial<typeof current>) => {
    current = { ...current, ...next };
    for (const listener of listeners) listener();
  };
  const notes = (info: ElectronUpdateInfo) =>
    typeof info.releaseNotes === 'string'
      ? info.releaseNotes
      : (info.releaseNotes?.map((note) => note.note).join('\n') ?? null);

  autoUpdater.setFeedURL({ provider: 'generic', url: `${options.cloudUrl}/api/v1/updates/${channel}` });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.on('download-progress', () => current.state !== 'downloading' && set({ state: 'downloading' }));
  autoUpdater.on('error', (error) => set({ state: 'error', message: error.message }));
  autoUpdater.on('update-downloaded', (info) => {
    const parsed = updateInfoSchema.safeParse(info);
    if (!parsed.success || !verifyRelease(parsed.data, publicKey)) {
      options.log.error({ version: info.version }, 'refused an update whose feed is not signed by the release key');
      set({ state: 'refused', version: info.version, message: 'The update is not signed by Tandem’s release key.' });
      return;
    }
    if (!canPostpone) autoUpdater.autoInstallOnAppQuit = true;
    set({ state: 'ready', version: info.version, releaseNotes: notes(info) });
  });
  const check = () =>
    void autoUpdater
      .checkForUpdates()
      .catch((error: unknown) => set({ state: 'error', message: (error as Error).message }));
  check();
  setInterval(check, CHECK_EVERY_MS).unref();

  return {
    status: () => current,
    install: () => autoUpdater.quitAndInstall(),
    onChange: (listener) => void listeners.push(listener),
  };
}
