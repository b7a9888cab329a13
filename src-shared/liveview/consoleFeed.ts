import { z } from 'zod';

/**
 * LV-1 in the web console: the console has no device and no signaling connection, so it receives
 * the company's help sessions on a WebSocket of its own, authenticated with the signed-in user's
 * bearer session in the first message (never in the address, which proxies log). The endpoint then
 * sends the same `liveview-*` frames as on the signaling connection (`protocol.ts`), renews the
 * subscription itself before its ticket runs out (the session and the permission are checked
 * again each time), and closes with CONSOLE_FEED_SIGNED_OUT when the session has ended.
 */
export const LIVEVIEW_CONSOLE_FEED_PATH = '/api/v1/liveview/feed';

/** Close code: the bearer session is missing, ended or revoked; sign in again. */
export const CONSOLE_FEED_SIGNED_OUT = 4401;

/** Authenticate within this long of connecting, or the endpoint closes the socket. */
export const CONSOLE_FEED_AUTH_MS = 10_000;

export const consoleFeedAuthSchema = z.object({ type: z.literal('auth'), token: z.string().min(1).max(512) }).strict();
