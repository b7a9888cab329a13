import { z } from 'zod';
import { defineIpc, empty } from '../ipc/channel';
import { videoFeedFrameSchema } from './live';

/**
 * How the video feed stands for this window (VS-2): `connecting` until the endpoint said `ready`,
 * `live` while changes flow, `offline` while the socket is down (it reconnects, backing off),
 * `signed_out` with no company account (or the session ended), `not_permitted` when the signed-in
 * user holds none of `video.view`, `video.manage`, `video.conduct`.
 */
export const videoFeedStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('connecting') }),
  z.object({ state: z.literal('live') }),
  z.object({ state: z.literal('offline'), since: z.iso.datetime() }),
  z.object({ state: z.literal('signed_out') }),
  z.object({ state: z.literal('not_permitted') }),
]);
export type VideoFeedState = z.infer<typeof videoFeedStateSchema>;

/** The video feed as the desktop core (or the web console's transport) holds it for the window. */
export const videoFeedIpc = defineIpc({
  channels: {
    /** How the feed stands now; the console's transport opens its socket on the first ask. */
    'videoFeed.status': { request: empty, response: videoFeedStateSchema },
  },
  events: {
    'videoFeed.state': videoFeedStateSchema,
    /** Every frame after `ready`, as the endpoint sent it (checked against `live.ts`). */
    'videoFeed.frame': videoFeedFrameSchema,
  },
});
