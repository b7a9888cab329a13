import { settingsPatchSchema, settingsSchema } from '../domain/settings';
import { defineIpc, empty } from '../ipc/channel';

/** RS settings: the user's settings (with IT's locks), read and changed. */
export const settingsIpc = defineIpc({
  channels: {
    'settings.get': { request: empty, response: settingsSchema },
    'settings.update': { request: settingsPatchSchema, response: settingsSchema },
  },
  events: {
    'settings.changed': settingsSchema,
  },
});
