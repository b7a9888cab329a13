import { z } from 'zod';
import { answerSchema, consentDecisionSchema, hostFactsSchema, supporterFactsSchema } from '../consent/decision';
import { MAX_SCREENS, screenIdSchema, screenRefusalSchema, screenSourceSchema } from '../session/screens';

/**
 * Messages between the two main cores of one request, carried inside the hub's `relay`
 * envelopes. The hub cannot read meaning into them beyond routing; each core validates them.
 *
 * Handshake (RS-2), OPAQUE (a PAKE) with the host as the server role. The supporter does not
 * know whether it was given the host's one-time or permanent password, so it starts one login
 * per credential kind and finishes the one that works:
 *   supporter → host  auth-start   { attempts: [{credential, ke1}], fingerprint: supporter's DTLS fingerprint }
 *   host → supporter  auth-reply   { attempts: [{credential, ke2}], fingerprint: host's DTLS fingerprint }
 *                     or auth-refused
 *   supporter → host  auth-finish  { credential, ke3, mac, remember? }  mac = HMAC(sessionKey, "supporter" ‖ fpS ‖ fpH)
 *   host → supporter  auth-ok      { mac, remembered? }  mac = HMAC(sessionKey, "host" ‖ fpS ‖ fpH)
 * With `remember` on a permanent password's finish, both sides derive the same key from the session
 * key (nothing more travels) and, once the session starts, keep it: the host as an OPAQUE record
 * for the supporter's device, the supporter sealed, for the credential `remembered` next time.
 * A wrong password makes the supporter's OPAQUE finish fail locally; it sends auth-abort. The
 * host has already counted the attempt as failed when it sent auth-reply (the reply alone lets
 * the asker test the guess offline) and takes the count back only after a verified auth-finish. Afterwards each core relays SDP only if its DTLS fingerprint is the one
 * bound by the MACs, so the hub cannot put itself between the peers.
 */

const blob = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/)
  .max(4096);
export const fingerprintSchema = z
  .string()
  .regex(/^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a DTLS fingerprint is "sha-256 AA:BB:…" (32 bytes)');

export const sdpSchema = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(64 * 1024),
});

export const iceCandidateSchema = z.object({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

/** simple-peer's signal data, as it crosses from one renderer to the other. */
export const peerSignalSchema = z.union([
  sdpSchema,
  z.object({ type: z.literal('candidate'), candidate: iceCandidateSchema }),
  z.object({ renegotiate: z.literal(true) }),
  z.object({ transceiverRequest: z.object({ kind: z.enum(['audio', 'video']), init: z.unknown().optional() }) }),
]);
export type PeerSignal = z.infer<typeof peerSignalSchema>;

export const authRefusalSchema = z.enum([
  'wrong_password',
  'locked',
  /** The permanent password answers no more guesses for now; the one-time password still does. */
  'permanent_locked',
  'no_password',
  /** The host keeps no remembered password for the supporter's device (forgotten, or the permanent password changed). */
  'not_remembered',
  'denied',
  'timeout',
  'busy',
]);
export type AuthRefusal = z.infer<typeof authRefusalSchema>;

/**
 * `remembered`: a key both sides derived from an earlier session by the permanent password, which
 * the supporter asked to remember (see `rememberedPassword.ts`); it stands for that password, for
 * that one supporter device and host only.
 */
export const credentialKindSchema = z.enum(['otp', 'permanent', 'code', 'remembered']);
export type CredentialKind = z.infer<typeof credentialKindSchema>;

const attempts = <T extends z.ZodType>(message: T) =>
  z
    .array(z.object({ credential: credentialKindSchema, message }))
    .min(1)
    .max(2)
    .refine((list) => new Set(list.map((item) => item.credential)).size === list.length, 'one attempt per credential');

export const peerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('auth-start'), attempts: attempts(blob), fingerprint: fingerprintSchema }),
  z.object({ kind: z.literal('auth-reply'), attempts: attempts(blob), fingerprint: fingerprintSchema }),
  z.object({
    kind: z.literal('auth-finish'),
    credential: credentialKindSchema,
    ke3: blob,
    mac: blob,
    /** The supporter asks the host to remember this device (honoured for the permanent password only). */
    remember: z.literal(true).optional(),
  }),
  z.object({ kind: z.literal('auth-abort'), reason: z.enum(['wrong_password', 'cancelled']) }),
  z.object({
    kind: z.literal('auth-ok'),
    mac: blob,
    /** The host will keep a remembered password for this device once the session starts. */
    remembered: z.literal(true).optional(),
  }),
  z.object({
    kind: z.literal('auth-refused'),
    reason: authRefusalSchema,
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
  /** The end user's answer to the incoming-connection prompt. */
  z.object({
    kind: z.literal('prompt-answer'),
    accepted: z.boolean(),
    access: z.enum(['full', 'view']),
    /** Declined because nobody answered within the countdown, not by the end user. */
    unanswered: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('signal'), signal: peerSignalSchema }),
  z.object({ kind: z.literal('control'), access: z.enum(['full', 'view']), by: z.enum(['host', 'supporter']) }),
  /** Session Insights: the supporter's side of the decision (its company's settings, its user's). */
  z.object({
    kind: z.literal('consent-facts'),
    supporter: supporterFactsSchema,
    ownerName: z.string().max(120).nullable(),
  }),
  /** The host's decision and what it was made from, so the supporter sees and checks the same. */
  z.object({
    kind: z.literal('consent-state'),
    host: hostFactsSchema,
    answer: answerSchema,
    decision: consentDecisionSchema,
    promptExpiresAt: z.iso.datetime().nullable(),
    /** SI-13: the end user's operating system, part of the summary. */
    hostOs: z.enum(['windows', 'macos', 'linux', 'unknown']),
  }),
  /** RS-5, host → supporter: the monitors it shares from and the one shared now. */
  z.object({
    kind: z.literal('screens'),
    sources: z.array(screenSourceSchema).max(MAX_SCREENS),
    current: screenIdSchema.nullable(),
  }),
  /** Supporter → host: show another of the announced monitors. */
  z.object({ kind: z.literal('screen-switch'), id: screenIdSchema }),
  /** Host → supporter: the switch was refused and nothing changed. */
  z.object({ kind: z.literal('screen-refused'), id: screenIdSchema, code: screenRefusalSchema }),
  /** The application in front on the end user's computer, for the supporter's log (outgoing basis). */
  z.object({ kind: z.literal('foreground'), app: z.string().max(200), title: z.string().max(500) }),
]);
export type PeerMessage = z.infer<typeof peerMessageSchema>;

/** Extracts the sha-256 DTLS fingerprint from an SDP, or null when there is none or several differ. */
export function sdpFingerprint(sdp: string): string | null {
  const found = new Set<string>();
  for (const match of sdp.matchAll(/^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/gm)) {
    found.add(`${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}`);
  }
  return found.size === 1 ? [...found][0]! : null;
}
