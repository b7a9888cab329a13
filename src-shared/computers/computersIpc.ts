import { z } from 'zod';
import { deviceIdSchema } from '../domain/device';
import { defineIpc, empty, ok } from '../ipc/channel';

/**
 * A computer of the company came online or went offline (`deviceId`), or anything may have changed
 * (`deviceId` null: the subscription started or came back after the signaling connection did):
 * the window reads its list again.
 */
export const computersChangedSchema = z.object({ deviceId: deviceIdSchema.nullable() });
export type ComputersChanged = z.infer<typeof computersChangedSchema>;

/** The Computers screen and the core's subscription to the company's computers' presence. */
export const computersIpc = defineIpc({
  channels: {
    /** The screen is shown: the core subscribes (if it may) and says when the list changes. */
    'computers.watch': { request: empty, response: ok },
    /** The screen is hidden: the core unsubscribes. */
    'computers.unwatch': { request: empty, response: ok },
  },
  events: {
    'computers.changed': computersChangedSchema,
  },
});
