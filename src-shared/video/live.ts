import { z } from 'zod';
import { videoTicketMessageSchema, videoTicketSchema } from './ticketContract';
import { codeUserVideoSessionSchema, videoSessionSchema } from './sessionContract';
import { STROKE_TTL_MS } from './tools';

/**
 * What reaches people at once in video sessions, on two WebSockets the endpoint serves. Both are
 * authenticated by their first message (never by the address, which proxies log) with either an
 * employee's bearer session or a code user's token (`video.join`), within FEED_AUTH_MS.
 *
 * 1. The **feed** (VIDEO_FEED_PATH): what changes while a person looks — sessions (every one the
 *    person may see, as `video.sessions.list` answers), tickets and their messages, and the
 *    notification of a new request to each responsible employee (VS-2). In the desktop app the
 *    core holds the socket (it holds the session) and passes frames to the renderer; the web
 *    console and the code user's page hold their own.
 * 2. The **call** (VIDEO_CALL_PATH): one socket per person per call (VS-5). The endpoint lets in
 *    only the session's code user and its assignees, and only while the session is CONFIRMED or IN
 *    PROGRESS; it relays the WebRTC signals between the two sides (each check with zod, the DTLS
 *    fingerprint of each side's description bound to who joined), moves the session to IN PROGRESS
 *    when both sides are in, and to DONE when either ends the call — or when one side has been gone
 *    for CALL_REJOIN_MS (a dropped phone may come back within that).
 */
export const VIDEO_FEED_PATH = '/api/v1/video/feed';
export const VIDEO_CALL_PATH = '/api/v1/video/call';

/** Authenticate within this long of connecting, or the endpoint closes the socket. */
export const FEED_AUTH_MS = 10_000;
/** Close code: the session or code user's token is missing, ended or revoked; sign in (or enter the code) again. */
export const VIDEO_SOCKET_SIGNED_OUT = 4401;
/** Close code (call): this person may not join this call now; the reason is the last `call-refused` frame. */
export const VIDEO_CALL_REFUSED = 4403;
/** A side whose call socket dropped may rejoin within this long before the call counts as ended. */
export const CALL_REJOIN_MS = 30_000;

const token = z.string().min(1).max(1024);

export const videoFeedAuthSchema = z.object({ type: z.literal('auth'), token }).strict();

/** The feed's frames, endpoint → person. */
export const videoFeedFrameSchema = z.discriminatedUnion('type', [
  /** Authenticated: changes flow from now on (read the lists once after this, not before). */
  z.object({ type: z.literal('ready'), who: z.enum(['employee', 'code-user']) }),
  /** A session was created or changed (employees' view). */
  z.object({ type: z.literal('session'), session: videoSessionSchema }),
  /** The same for a code user: their device's sessions only. */
  z.object({ type: z.literal('code-user-session'), session: codeUserVideoSessionSchema }),
  /** VS-2: a code user asked for a session this employee is responsible for — notify now. */
  z.object({ type: z.literal('requested'), session: videoSessionSchema }),
  /** A ticket was opened or changed (status, reference, last activity); code users get it without `externalRef`. */
  z.object({ type: z.literal('ticket'), ticket: videoTicketSchema.partial({ externalRef: true }) }),
  z.object({ type: z.literal('message'), ticketId: z.string(), message: videoTicketMessageSchema }),
]);
export type VideoFeedFrame = z.infer<typeof videoFeedFrameSchema>;

/** A session description or an ICE candidate, as simple-peer's `signal` event carries them. */
export const callSignalSchema = z.union([
  z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().max(64 * 1024) }).strict(),
  z
    .object({
      type: z.literal('candidate'),
      candidate: z
        .object({
          candidate: z.string().max(1024),
          sdpMid: z.string().max(64).nullable().optional(),
          sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
          usernameFragment: z.string().max(256).nullable().optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }).strict(),
  z.object({ type: z.literal('transceiverRequest') }).passthrough(),
]);
export type CallSignal = z.infer<typeof callSignalSchema>;

/** The call socket's messages, person → endpoint. */
export const callClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('join'), token, sessionId: z.string().max(64) }).strict(),
  z.object({ type: z.literal('signal'), signal: callSignalSchema }).strict(),
  /** End the call for both sides (VS-4: → DONE). Closing the socket alone is a drop, not an end. */
  z.object({ type: z.literal('end') }).strict(),
  /**
   * Recording with consent (VS-6): the employee `request`s; each side `accept`s or `decline`s the
   * prompt; either side `withdraw`s at any time (the recording stops). See the `recording` frame.
   */
  z.object({ type: z.literal('record'), action: z.enum(['request', 'accept', 'decline', 'withdraw']) }).strict(),
]);
export type CallClientMessage = z.infer<typeof callClientMessageSchema>;

export const callRoleSchema = z.enum(['employee', 'code-user']);
export type CallRole = z.infer<typeof callRoleSchema>;

export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/** The call socket's frames, endpoint → person. */
export const callServerFrameSchema = z.discriminatedUnion('type', [
  /**
   * In the call. `initiator`: this side makes the offer (the side that joined second, so the
   * offer goes to someone listening). `peer`: who is on the other side already, if anyone.
   */
  z.object({
    type: z.literal('joined'),
    role: callRoleSchema,
    iceServers: z.array(iceServerSchema),
    /** `relay` when the endpoint runs relay-only (`--turn-only`): the endpoint passes relay candidates only, too. */
    iceTransportPolicy: z.enum(['all', 'relay']).optional(),
    peer: z.object({ role: callRoleSchema, name: z.string() }).nullable(),
    initiator: z.boolean(),
    /** How long a stroke takes to fade once drawn (VS-6): the company's setting. */
    strokeTtlMs: z.number().int().min(STROKE_TTL_MS.min).max(STROKE_TTL_MS.max),
  }),
  z.object({ type: z.literal('peer-joined'), peer: z.object({ role: callRoleSchema, name: z.string() }) }),
  /** The other side's socket dropped: it may come back within CALL_REJOIN_MS. */
  z.object({ type: z.literal('peer-left') }),
  z.object({ type: z.literal('signal'), signal: callSignalSchema }),
  /** The call is over (DONE): `by` who ended it, or `dropped` after the rejoin window. */
  z.object({ type: z.literal('ended'), by: z.enum(['employee', 'code-user', 'dropped']) }),
  /**
   * The call's recording now (VS-6), to both sides on every change and to a side as it (re)joins;
   * null: none asked. `asking`: waiting for the consent of every side not in `accepted` — a side
   * joining late is asked too —; `on`: every side accepted, the employee's app records; `stopped`:
   * declined or withdrawn (by `stoppedBy`), the recording with this id is over. A new request gets
   * a new id. The endpoint records each step in the session's history and accepts an upload only
   * for a recording that was `on`.
   */
  z.object({
    type: z.literal('recording'),
    recording: z
      .object({
        id: z.string(),
        state: z.enum(['asking', 'on', 'stopped']),
        requestedBy: z.string(),
        accepted: z.array(callRoleSchema),
        stoppedBy: callRoleSchema.nullable(),
      })
      .nullable(),
  }),
  z.object({
    type: z.literal('call-refused'),
    code: z.enum(['video_not_assigned', 'video_call_not_ready', 'not_found', 'video_call_busy']),
  }),
]);
export type CallServerFrame = z.infer<typeof callServerFrameSchema>;
