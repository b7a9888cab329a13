import { z } from 'zod';
import { defineIpc, empty, ok } from '../ipc/channel';
import { callClientMessageSchema, callServerFrameSchema, videoFeedFrameSchema } from './live';

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

const relayId = z.uuid();

/** What becomes of a call socket the core carries for the window (`videoCall.open`). */
export const videoCallRelayEventSchema = z.discriminatedUnion('kind', [
  z.object({ relayId, kind: z.literal('open') }),
  z.object({ relayId, kind: z.literal('frame'), frame: callServerFrameSchema }),
  z.object({ relayId, kind: z.literal('close'), code: z.number().int() }),
]);
export type VideoCallRelayEvent = z.infer<typeof videoCallRelayEventSchema>;

/**
 * The video feed as the desktop core (or the web console's transport) holds it for the window; and
 * a call's socket, which the desktop window may not open itself (its CSP allows only the app), so
 * the core opens it and passes the messages both ways — joining with the session it holds, which the
 * window never sees.
 */
export const videoFeedIpc = defineIpc({
  channels: {
    /** How the feed stands now; the console's transport opens its socket on the first ask. */
    'videoFeed.status': { request: empty, response: videoFeedStateSchema },
    'videoCall.open': { request: empty, response: z.object({ relayId }) },
    /** A message for the call socket; a `join`'s token is the core's to fill in (the window sends any). */
    'videoCall.send': { request: z.object({ relayId, message: callClientMessageSchema }).strict(), response: ok },
    'videoCall.close': { request: z.object({ relayId }).strict(), response: ok },
  },
  events: {
    'videoFeed.state': videoFeedStateSchema,
    /** Every frame after `ready`, as the endpoint sent it (checked against `live.ts`). */
    'videoFeed.frame': videoFeedFrameSchema,
    'videoCall.relay': videoCallRelayEventSchema,
    /** The desktop notification of a request was clicked: the window shows that session. */
    'videoFeed.open': z.object({ sessionId: z.string().max(64) }),
  },
});
