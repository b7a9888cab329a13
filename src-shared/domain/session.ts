import { z } from 'zod';
import { deviceIdSchema } from './device';
import { errorCodeSchema } from '../errors';
import { credentialKindSchema } from '../signaling/peerMessages';
import { sessionConsentSchema } from './consent';
import { accessSchema, endReasonSchema, iceServerSchema } from '../signaling/protocol';
import { sessionScreensSchema } from '../session/screens';

export const sessionStateSchema = z.enum([
  /** supporter: waiting for the host to answer the handshake */
  'authenticating',
  /** supporter: the host's end user is being asked */
  'awaiting_answer',
  /** host: the end user is being asked */
  'prompting',
  /** both: accepted; WebRTC is connecting */
  'connecting',
  'active',
  'ended',
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

/** Why a supporter could not connect, with what they can do about it. */
export const sessionFailureSchema = z.object({
  /** A part of the one error catalogue, so each failure has its English and German text. */
  code: errorCodeSchema.extract([
    'wrong_password',
    'locked',
    'permanent_locked',
    'partner_offline',
    'denied',
    'timeout',
    'busy',
    'rate_limited',
    'verification_failed',
    'code_unknown',
    'code_expired',
    'no_password',
    'remembered_password_refused',
    'forbidden',
    'help_grant_invalid',
    'help_grant_expired',
    'help_session_gone',
    'help_request_denied',
    'help_request_unanswered',
  ]),
  /** When trying again makes sense, how long to wait. */
  retryAfterMs: z.number().int().nonnegative().nullable(),
});
export type SessionFailure = z.infer<typeof sessionFailureSchema>;

export const sessionViewSchema = z.object({
  requestId: z.uuid(),
  role: z.enum(['supporter', 'host']),
  state: sessionStateSchema,
  /** `help`: to an end user's help session (LV-2 by its ID, LV-3 picked in the Live View). */
  method: z.enum(['password', 'code', 'help']),
  /** `help` only: how the supporter found the help session, and the reason they gave (LV-3). */
  help: z.object({ kind: z.enum(['code', 'request']), reason: z.string().nullable() }).optional(),
  credential: credentialKindSchema.nullable(),
  partner: z.object({
    deviceId: deviceIdSchema,
    name: z.string(),
    company: z.string(),
    /** Supporter's view of the host: proved the password. Host's view of the supporter: account-verified. */
    verified: z.boolean(),
  }),
  requestedAccess: accessSchema,
  /** What the host allows (the end user can revoke control at any moment). */
  hostGrant: accessSchema,
  /** What the supporter chose (they can switch to view only). */
  supporterChoice: accessSchema,
  /** The effective access: full only when both allow it. */
  access: accessSchema,
  promptExpiresAt: z.iso.datetime().nullable(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  endReason: endReasonSchema.nullable(),
  failure: sessionFailureSchema.nullable(),
  /** The peer that creates the WebRTC offer. */
  initiator: z.boolean(),
  iceServers: z.array(iceServerSchema),
  /** `relay`: all traffic through the company's TURN server, as its cloud endpoint requires. */
  iceTransportPolicy: z.enum(['all', 'relay']),
  /** Session Insights: whether this session is logged, and why (null until decided). */
  consent: sessionConsentSchema.nullable(),
  /** RS-5: the host's monitors and the one shared (empty in browser mode). */
  screens: sessionScreensSchema,
});
export type SessionView = z.infer<typeof sessionViewSchema>;

/** A session code as people read it out: `123 456 7890` (route, then the secret part). */
export const sessionCodeSchema = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{10}$/, 'A session code has ten digits.'));

export { screenSourceSchema, type ScreenSource } from '../session/screens';
