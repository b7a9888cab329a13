import { z } from 'zod';
import { deviceIdSchema } from '../domain/device';
import { errorCodeSchema } from '../errors';
import { identityStatementSchema } from '../identity/statement';
import {
  helpGrantSchema,
  helpReasonSchema,
  helpSessionSchema,
  liveViewChangeSchema,
  liveViewTicketSchema,
} from '../liveview/contract';

/**
 * The WebSocket protocol between a device's main core and the cloud endpoint's signaling hub.
 * The hub authenticates devices, tracks presence, routes connection requests and relays
 * opaque peer messages only between the two parties of one request. It never sees a password:
 * the password check runs end to end inside `relay` payloads (see peerMessages.ts).
 */

export const SIGNAL_PATH = '/api/v1/signal';
export const SIGNAL_MAX_FRAME_BYTES = 256 * 1024;
/**
 * The longest message the hub handles: a relay carrying the largest SDP peerMessages.ts allows
 * (64 KiB) with its JSON escaping and envelope. Longer frames are refused before parsing.
 */
export const SIGNAL_MAX_MESSAGE_CHARS = 96 * 1024;

export const requestIdSchema = z.uuid();
export const accessSchema = z.enum(['full', 'view']);
export type Access = z.infer<typeof accessSchema>;

/**
 * What a supporter says about themselves: a claim, shown as not verified. A signed-in supporter
 * adds the endpoint's statement of who they are (AC-1), which the host checks itself — the hub
 * relays it untouched and vouches only for which device sent it (`from`).
 */
// Shown to the end user and stored in the connection reports: no control characters (PostgreSQL
// cannot store NUL at all).
const shownText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'no control characters');

export const supporterInfoSchema = z.object({
  name: shownText(80).min(1),
  company: shownText(80).default(''),
  statement: identityStatementSchema.optional(),
});
export type SupporterInfo = z.infer<typeof supporterInfoSchema>;

/** Session codes (RS-3): a 6-digit route the hub knows and a 4-digit secret it never sees. */
export const codeRouteSchema = z.string().regex(/^\d{6}$/);

export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/=_-]*$/)
  .max(4096);

/** Why a request or session ended; also the outcome of its connection report. */
export const endReasonSchema = z.enum([
  'ended_by_supporter',
  'ended_by_host',
  'denied',
  'auth_failed',
  'locked',
  'timeout',
  'connection_lost',
  'cancelled',
]);
export type EndReason = z.infer<typeof endReasonSchema>;

/** What the hub tells the host about a help connection it checked (see `incoming`). */
export const helpIncomingSchema = z.object({
  /** `code`: the supporter typed the help session's ID (LV-2); `request`: picked it in the Live View (LV-3). */
  kind: z.enum(['code', 'request']),
  helpSessionId: z.string().max(64),
  reason: helpReasonSchema.nullable(),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** The company lets an acknowledged help request by code start without the Accept step. */
  skipAccept: z.boolean(),
});
export type HelpIncoming = z.infer<typeof helpIncomingSchema>;

// ---- device → hub -------------------------------------------------------------------------

export const clientMessageSchema = z.discriminatedUnion('type', [
  /** Answers the hub's `hello` nonce with an Ed25519 signature made with the device's key. */
  z.object({ type: z.literal('auth'), deviceId: deviceIdSchema, signature: base64 }),
  z.object({
    type: z.literal('connect'),
    requestId: requestIdSchema,
    target: deviceIdSchema,
    supporter: supporterInfoSchema,
    access: accessSchema,
  }),
  /**
   * LV-2 / LV-3: connect to an open help session with a grant from `liveview.connectGrant` or
   * `liveview.requestConnection`. The hub names the target (the help session's device) itself.
   */
  z.object({
    type: z.literal('connect-help'),
    requestId: requestIdSchema,
    grant: helpGrantSchema,
    supporter: supporterInfoSchema,
    access: accessSchema,
  }),
  z.object({ type: z.literal('code-create'), supporter: supporterInfoSchema, access: accessSchema }),
  z.object({ type: z.literal('code-lookup'), route: codeRouteSchema }),
  z.object({ type: z.literal('code-join'), route: codeRouteSchema, requestId: requestIdSchema }),
  z.object({ type: z.literal('relay'), requestId: requestIdSchema, payload: z.unknown() }),
  /** The host reports that its end user accepted and the session is running (RS-11). */
  z.object({ type: z.literal('started'), requestId: requestIdSchema }),
  z.object({ type: z.literal('end'), requestId: requestIdSchema, reason: z.lazy(() => endReasonSchema) }),
  /** LV-1: a supporter's device receives its company's help sessions live, with a ticket from `liveview.subscription`. */
  z.object({ type: z.literal('liveview-subscribe'), ticket: liveViewTicketSchema }),
  z.object({ type: z.literal('liveview-unsubscribe') }),
  /** Computers: a supporter's device hears when its company's computers come online or go offline (`computers.subscription`). */
  z.object({ type: z.literal('computers-subscribe'), ticket: liveViewTicketSchema }),
  z.object({ type: z.literal('computers-unsubscribe') }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---- hub → device -------------------------------------------------------------------------

/** The hub's refusals: a part of the one error catalogue, so each has its English and German text. */
export const hubErrorCodeSchema = errorCodeSchema.extract([
  'invalid_message',
  'unauthenticated',
  'partner_offline',
  'unknown_request',
  'rate_limited',
  'code_unknown',
  'code_expired',
  'busy',
  /** No session code could be made: the endpoint holds as many live codes as it allows. */
  'codes_exhausted',
  /** The frame is larger than any valid signaling message (see SIGNAL_MAX_MESSAGE_CHARS). */
  'payload_too_large',
  /** `connect-help`: a grant this endpoint did not sign for this device, or past its minute. */
  'help_grant_invalid',
  'help_grant_expired',
  /** `connect-help`: the grant's user no longer holds `liveview.view` (or is disabled, or left the company). */
  'forbidden',
  /** `connect-help`: the help session is no longer open, or not of the supporter's company. */
  'help_session_gone',
]);
export type HubErrorCode = z.infer<typeof hubErrorCodeSchema>;

/** Why a Live View subscription was refused or ended; the app asks for a new ticket and subscribes again. */
export const liveViewRefusalSchema = errorCodeSchema.extract([
  'liveview_ticket_invalid',
  'liveview_ticket_expired',
  /** The ticket's user no longer holds `liveview.view` (or is disabled, or left the company). */
  'forbidden',
]);
export type LiveViewRefusal = z.infer<typeof liveViewRefusalSchema>;

/** Help sessions per `liveview-snapshot` frame at most; the hub also keeps each frame well below SIGNAL_MAX_FRAME_BYTES. */
export const LIVEVIEW_SNAPSHOT_CHUNK = 500;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), nonce: base64 }),
  z.object({
    type: z.literal('ready'),
    deviceId: deviceIdSchema,
    iceServers: z.array(iceServerSchema),
    /** `relay`: the company sends all session traffic through its TURN server (no direct paths). */
    iceTransportPolicy: z.enum(['all', 'relay']),
  }),
  /** A supporter asks this host for a session (by ID + password, through a code it joined, or to its help session). */
  z.object({
    type: z.literal('incoming'),
    requestId: requestIdSchema,
    from: deviceIdSchema,
    supporter: supporterInfoSchema,
    access: accessSchema,
    method: z.enum(['password', 'code', 'help']),
    /**
     * `help` only: the hub checked the supporter's grant. `supporter` then carries the name and
     * company the endpoint verified; `secret` is the handshake's shared secret (no password).
     */
    help: helpIncomingSchema.optional(),
    /** An opaque per-source key so the host can back off per network origin, not only per device. */
    sourceKey: z.string().max(64),
  }),
  z.object({
    type: z.literal('code-created'),
    route: codeRouteSchema,
    expiresAt: z.iso.datetime(),
  }),
  z.object({
    type: z.literal('code-info'),
    route: codeRouteSchema,
    from: deviceIdSchema,
    supporter: supporterInfoSchema,
    access: accessSchema,
    expiresAt: z.iso.datetime(),
  }),
  /** The host joined this supporter's code: the supporter now runs the same handshake as for a password. */
  z.object({
    type: z.literal('code-joined'),
    route: codeRouteSchema,
    requestId: requestIdSchema,
    host: deviceIdSchema,
  }),
  z.object({ type: z.literal('relay'), requestId: requestIdSchema, payload: z.unknown() }),
  z.object({ type: z.literal('ended'), requestId: requestIdSchema, reason: endReasonSchema }),
  z.object({
    type: z.literal('error'),
    code: hubErrorCodeSchema,
    message: z.string(),
    requestId: requestIdSchema.optional(),
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
  /**
   * The company's open help sessions when a subscription starts, in chunks; `done` on the last.
   * Changes that happen meanwhile follow it as `liveview-upsert` / `liveview-remove`.
   */
  z.object({
    type: z.literal('liveview-snapshot'),
    helpSessions: z.array(helpSessionSchema).max(LIVEVIEW_SNAPSHOT_CHUNK),
    done: z.boolean(),
  }),
  z.object({ type: z.literal('liveview-upsert'), helpSession: helpSessionSchema }),
  z.object({
    type: z.literal('liveview-remove'),
    id: z.string().max(64),
    reason: liveViewChangeSchema.options[1].shape.reason,
  }),
  /** The subscription was refused, or its ticket ran out: nothing more comes until a new `liveview-subscribe`. */
  z.object({ type: z.literal('liveview-refused'), code: liveViewRefusalSchema }),
  /** The Computers subscription holds: changes follow until the ticket runs out (then `computers-refused`). */
  z.object({ type: z.literal('computers-subscribed') }),
  /** One of the company's computers came online or went offline (on any instance); the list is read again. */
  z.object({ type: z.literal('computers-changed'), deviceId: deviceIdSchema, online: z.boolean() }),
  /** As `liveview-refused`, for a Computers subscription (the same tickets, another key). */
  z.object({ type: z.literal('computers-refused'), code: liveViewRefusalSchema }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** The bytes a device signs to prove it holds the key registered for its ID. */
export function signalAuthPayload(nonce: string): string {
  return `tandem-signal-auth:v1:${nonce}`;
}
