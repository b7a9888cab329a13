import { TandemError } from '../../../src-shared/errors';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { resolveManaged } from '../managed/managedConfig';
import { startAtLogin } from './startAtLogin';

/** The user's settings on this computer, where neither the company's policy nor IT decided them. */
export function settingsModule(
  options: Pick<CoreServices, 'settings' | 'events' | 'managed' | 'credentials'> & {
    runtime: 'electron' | 'browser';
    /** Who holds Session Insights logging now (the company's policy, IT, or the user). */
    insightsAccess: () => Promise<{ lockedByPolicy: boolean; lockedByManaged: boolean }>;
    rotateOneTimePassword: () => void;
  },
): CoreModule<'settings.get' | 'settings.update' | 'settings.startAtLogin'> {
  const { settings, events } = options;
  const loginItem = () => startAtLogin({ ...options, platform: process.platform });
  return {
    handlers: {
      'settings.get': () => settings.get(),
      'settings.startAtLogin': () => loginItem(),
      'settings.update': async (patch) => {
        if (patch.insightsLogging !== undefined) {
          const current = await options.insightsAccess();
          if (current.lockedByPolicy || current.lockedByManaged) {
            throw new TandemError(
              'invalid_request',
              current.lockedByPolicy
                ? 'Your company’s policy sets Session Insights logging on this device.'
                : 'Your IT department set Session Insights logging on this computer.',
            );
          }
        }
        if (
          patch.keepHelpSession !== undefined &&
          resolveManaged('keepHelpSession', options.managed, null, false).locked
        )
          throw new TandemError('invalid_request', 'Your IT department set Keep session on this computer.');
        if (patch.startAtLogin !== undefined && loginItem().lockedByIt)
          throw new TandemError('invalid_request', 'Your IT department set whether Tandem starts with the computer.');
        const before = settings.get();
        const updated = settings.update(patch);
        events.emit('settings.changed', updated);
        if (updated.startAtLogin !== before.startAtLogin) events.emit('settings.startAtLogin', loginItem());
        // A new password strength applies at once, not only after the next session.
        if (updated.oneTimePasswordLength !== before.oneTimePasswordLength) options.rotateOneTimePassword();
        return updated;
      },
    },
  };
}
