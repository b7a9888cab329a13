import type { StartAtLogin } from '../../../src-shared/settings/contract';
import type { CoreServices } from '../coreServices';
import { resolveManaged } from '../managed/managedConfig';

/**
 * RS-1: whether Tandem starts when the user signs in to the computer — IT's enforced value, else
 * the user's choice, else IT's default, else on while unattended access is set (a computer a
 * supporter reaches unattended must be reachable again after a restart). Only the desktop app on
 * Windows and macOS can (Electron's login items); the shell applies it (src-main/electron/loginItem.ts).
 */
export function startAtLogin(
  options: Pick<CoreServices, 'settings' | 'managed' | 'credentials'> & {
    runtime: 'electron' | 'browser';
    platform: NodeJS.Platform;
  },
): StartAtLogin {
  const resolved = resolveManaged(
    'startAtLogin',
    options.managed,
    options.settings.get().startAtLogin,
    options.credentials.hasPermanentPassword,
  );
  return {
    supported: options.runtime === 'electron' && (options.platform === 'win32' || options.platform === 'darwin'),
    on: resolved.value,
    lockedByIt: resolved.locked,
  };
}
