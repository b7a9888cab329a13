import { z } from 'zod';
import { cloudStatusSchema } from '../domain/cloud';
import { deviceIdentitySchema } from '../domain/device';
import { settingsPatchSchema, settingsSchema } from '../domain/settings';

/**
 * Every IPC channel between the renderer and the main core, declared once.
 * The preload's `window.tandem`, the typed renderer client, the ipcMain registration and the
 * loopback bridge are all derived from this table: adding a channel means adding one entry.
 */
const empty = z.object({}).strict();

export const ipcChannels = {
  'app.info': {
    request: empty,
    response: z.object({
      version: z.string(),
      platform: z.string(),
      runtime: z.enum(['electron', 'browser']),
      dataDir: z.string(),
    }),
  },
  'settings.get': { request: empty, response: settingsSchema },
  'settings.update': { request: settingsPatchSchema, response: settingsSchema },
  'device.identity': { request: empty, response: deviceIdentitySchema },
  'device.rotatePassword': { request: empty, response: deviceIdentitySchema },
  'cloud.status': {
    request: z.object({ refresh: z.boolean().optional() }).strict(),
    response: cloudStatusSchema,
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

/** Events the main core pushes to every renderer. */
export const ipcEvents = {
  'settings.changed': settingsSchema,
  'device.changed': deviceIdentitySchema,
  'cloud.changed': cloudStatusSchema,
} as const satisfies Record<string, z.ZodType>;

export type Channel = keyof typeof ipcChannels;
export type Request<C extends Channel> = z.input<(typeof ipcChannels)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof ipcChannels)[C]['response']>;
export type EventName = keyof typeof ipcEvents;
export type EventPayload<E extends EventName> = z.output<(typeof ipcEvents)[E]>;

export const channelNames = Object.keys(ipcChannels) as Channel[];
export const eventNames = Object.keys(ipcEvents) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(ipcChannels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(ipcEvents, name);
}

/** Electron channel names carry the app's prefix so nothing else can be invoked. */
export const IPC_PREFIX = 'tandem:';
export const IPC_EVENT_CHANNEL = 'tandem:event';
