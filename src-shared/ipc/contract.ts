import type { z } from 'zod';
import { accountIpc } from '../accounts/contract';
import { cloudIpc } from '../cloud/contract';
import { consentIpc } from '../consent/contract';
import { deviceIpc } from '../device/contract';
import { endpointChannelTable } from '../http/routeTable';
import { insightsIpc } from '../insights/contract';
import { liveViewIpc } from '../liveview/liveViewIpc';
import { getHelpIpc } from '../liveview/getHelpIpc';
import { computersIpc } from '../computers/computersIpc';
import { videoFeedIpc } from '../video/videoIpc';
import { videoRecordingIpc } from '../video/recordingContract';
import { managedIpc } from '../managed/contract';
import { sessionIpc } from '../session/contract';
import { settingsIpc } from '../settings/contract';
import { updatesIpc } from '../updates/contract';

/**
 * Every IPC channel between the renderer and the main core: one line per feature, each
 * declared in its feature's contract (`src-shared/<feature>/contract.ts`). The preload's
 * `window.tandem`, the typed renderer client, the ipcMain registration and the loopback bridge
 * are all derived from this table. A feature's user routes of the cloud endpoint are channels
 * too (`endpointChannelTable`), answered by the core's endpoint module.
 */
export const ipcChannels = {
  ...endpointChannelTable,
  ...deviceIpc.channels,
  ...settingsIpc.channels,
  ...cloudIpc.channels,
  ...accountIpc.channels,
  ...managedIpc.channels,
  ...sessionIpc.channels,
  ...consentIpc.channels,
  ...insightsIpc.channels,
  ...updatesIpc.channels,
  ...liveViewIpc.channels,
  ...computersIpc.channels,
  ...getHelpIpc.channels,
  ...videoFeedIpc.channels,
  ...videoRecordingIpc.channels,
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType; oneWay?: true }>;

/** Events the main core pushes to every renderer, one line per feature. */
export const ipcEvents = {
  ...deviceIpc.events,
  ...settingsIpc.events,
  ...cloudIpc.events,
  ...accountIpc.events,
  ...managedIpc.events,
  ...sessionIpc.events,
  ...consentIpc.events,
  ...insightsIpc.events,
  ...updatesIpc.events,
  ...liveViewIpc.events,
  ...computersIpc.events,
  ...getHelpIpc.events,
  ...videoFeedIpc.events,
  ...videoRecordingIpc.events,
} as const satisfies Record<string, z.ZodType>;

export type Channel = keyof typeof ipcChannels;
export type Request<C extends Channel> = z.input<(typeof ipcChannels)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof ipcChannels)[C]['response']>;
/** Channels the renderer may send one-way (see `FeatureIpc`). */
export type OneWayChannel = {
  [C in Channel]: (typeof ipcChannels)[C] extends { oneWay: true } ? C : never;
}[Channel];
export type EventName = keyof typeof ipcEvents;
export type EventPayload<E extends EventName> = z.output<(typeof ipcEvents)[E]>;

export const channelNames = Object.keys(ipcChannels) as Channel[];
export const eventNames = Object.keys(ipcEvents) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(ipcChannels, name);
}

export function isOneWayChannel(name: unknown): name is OneWayChannel {
  return isChannel(name) && (ipcChannels[name] as { oneWay?: true }).oneWay === true;
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(ipcEvents, name);
}

/** Electron channel names carry the app's prefix so nothing else can be invoked. */
export const IPC_PREFIX = 'tandem:';
export const IPC_EVENT_CHANNEL = 'tandem:event';
