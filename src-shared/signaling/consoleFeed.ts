import { z } from 'zod';

/**
 * Company feeds in the web console (Live View, LV-1; Computers): the console has no device and no
 * signaling connection, so it receives a company feed on a WebSocket of its own per feed,
 * authenticated with the signed-in user's bearer session in the first message (never in the
 * address, which proxies log). The endpoint then sends the same frames as on the signaling
 * connection (`protocol.ts`: `liveview-*`, `computers-*`), renews the subscription itself before its
 * ticket runs out (the session and the permission are checked again each time), and closes with
 * CONSOLE_FEED_SIGNED_OUT when the session has ended.
 */
export const LIVEVIEW_CONSOLE_FEED_PATH = '/api/v1/liveview/feed';
export const COMPUTERS_CONSOLE_FEED_PATH = '/api/v1/computers/feed';

/** Close code: the bearer session is missing, ended or revoked; sign in again. */
export const CONSOLE_FEED_SIGNED_OUT = 4401;

/** Authenticate within this long of connecting, or the endpoint closes the socket. */
export const CONSOLE_FEED_AUTH_MS = 10_000;

export const consoleFeedAuthSchema = z.object({ type: z.literal('auth'), token: z.string().min(1).max(512) }).strict();
