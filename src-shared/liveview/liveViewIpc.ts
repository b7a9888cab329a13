import { z } from 'zod';
import { defineIpc, empty, ok } from '../ipc/channel';
import { helpSessionSchema } from './contract';

/**
 * How the supporter's Live View stands (LV-1): `loading` until the first snapshot is complete,
 * `live` while changes flow, `offline` while the signaling connection is down (the last rows stay,
 * greyed, with the time it went down), `not_permitted` when the signed-in user does not hold
 * `liveview.view` (or lost it), `signed_out` with no company account, `closed` while no window shows it.
 */
export const liveViewStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('closed') }),
  z.object({ state: z.literal('loading') }),
  z.object({ state: z.literal('live') }),
  z.object({ state: z.literal('offline'), since: z.iso.datetime() }),
  z.object({ state: z.literal('not_permitted') }),
  z.object({ state: z.literal('signed_out') }),
]);
export type LiveViewState = z.infer<typeof liveViewStateSchema>;

/**
 * The rows, in batches: with `snapshot`, `upserts` is the whole set and every other row is gone
 * (a fresh subscription: the window reconciles, keeping rows that did not change); otherwise the
 * help sessions that opened or changed and the IDs of those that went since the last batch.
 */
export const liveViewRowsSchema = z.object({
  snapshot: z.boolean(),
  upserts: z.array(helpSessionSchema),
  removes: z.array(z.string().max(64)),
});
export type LiveViewRows = z.infer<typeof liveViewRowsSchema>;

/** The supporter's Live View screen and the core's subscription to the company's help sessions. */
export const liveViewIpc = defineIpc({
  channels: {
    /** The screen is shown: the core subscribes (if it may) and sends the state and every row. */
    'liveView.open': { request: empty, response: liveViewStateSchema },
    /** The screen is hidden: the core unsubscribes and forgets the rows. */
    'liveView.close': { request: empty, response: ok },
  },
  events: {
    'liveView.state': liveViewStateSchema,
    'liveView.rows': liveViewRowsSchema,
  },
});
