import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../domain/settings';
import { defineIpc, empty } from '../ipc/channel';

/**
 * RS-1: whether Tandem starts when the user signs in (in the tray, no window), as it applies:
 * `supported` only in the desktop app on Windows and macOS, `lockedByIt` where IT enforces it.
 */
export const startAtLoginSchema = z.object({ supported: z.boolean(), on: z.boolean(), lockedByIt: z.boolean() });
export type StartAtLogin = z.infer<typeof startAtLoginSchema>;

/** RS settings: the user's settings (with IT's locks), read and changed. */
export const settingsIpc = defineIpc({
  channels: {
    'settings.get': { request: empty, response: settingsSchema },
    'settings.update': { request: settingsPatchSchema, response: settingsSchema },
    'settings.startAtLogin': { request: empty, response: startAtLoginSchema },
  },
  events: {
    'settings.changed': settingsSchema,
    /** Whenever it may have changed: the user's choice, or unattended access switched on or off. */
    'settings.startAtLogin': startAtLoginSchema,
  },
});
