import type { UpdateStatus } from '../../../src-shared/domain/updates';

/**
 * DP-3: what the core needs from an updater — the Electron shell implements it with
 * electron-updater (src-main/electron/updater.ts); tests stand in for it at this boundary.
 */
export interface Updater {
  status(): Omit<UpdateStatus, 'channel' | 'canPostpone'>;
  /** Quits and installs the downloaded, verified release. */
  install(): void;
  onChange(listener: () => void): void;
}
