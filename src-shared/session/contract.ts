import { z } from 'zod';
import { sessionEventSchema } from '../domain/consent';
import { deviceIdSchema } from '../domain/device';
import { screenSourceSchema, sessionCodeSchema, sessionViewSchema } from '../domain/session';
import { defineIpc, empty, ok, requestId } from '../ipc/channel';
import { fingerprintSchema, peerSignalSchema } from '../signaling/peerMessages';
import { accessSchema } from '../signaling/protocol';
import { helpReasonSchema, typedHelpCodeSchema } from '../liveview/contract';
import { inputEventSchema } from './inputEvents';
import { rememberedHostSchema, rememberedSupporterSchema } from './remembered';
import { screenIdSchema } from './screens';

/** RS-2 … RS-9: sessions in both roles — connect, codes, prompts, signalling, input, access, ending — and the monitors to share. */
export const sessionIpc = defineIpc({
  channels: {
    /** The renderer's WebRTC certificate, made before any session, to which handshakes are bound. */
    'session.registerEndpoint': { request: z.object({ fingerprint: fingerprintSchema }).strict(), response: ok },
    'session.list': { request: empty, response: z.array(sessionViewSchema) },
    /**
     * RS-2: connect by ID and password. Without a password, by the password remembered for that
     * computer (refused as `invalid_request` when there is none); `remember` asks both sides to
     * remember it, which they do only when the password proves to be the permanent one.
     */
    'session.connect': {
      request: z
        .object({
          partnerId: deviceIdSchema,
          password: z.string().min(1).max(128).optional(),
          remember: z.boolean().optional(),
          access: accessSchema,
        })
        .strict(),
      response: sessionViewSchema,
    },
    /** Host: the supporter devices that connect by a remembered password. */
    'session.rememberedSupporters': { request: empty, response: z.array(rememberedSupporterSchema) },
    /** Host: forget one supporter device's remembered password, or all of them; answers the rest. */
    'session.forgetSupporter': {
      request: z.union([z.object({ deviceId: deviceIdSchema }).strict(), z.object({ all: z.literal(true) }).strict()]),
      response: z.array(rememberedSupporterSchema),
    },
    /** Supporter: the computers this device holds a remembered password for. */
    'session.rememberedHosts': { request: empty, response: z.array(rememberedHostSchema) },
    /** Supporter: forget the password remembered for a computer; answers the rest. */
    'session.forgetHost': {
      request: z.object({ deviceId: deviceIdSchema }).strict(),
      response: z.array(rememberedHostSchema),
    },
    /**
     * LV-2 / LV-3: connect to an end user's open help session — by the ID they read out (`code`,
     * typed with spaces or not: *Connect by code*) or by the help session picked in the Live View
     * (`helpSessionId`, with a `reason` the end user reads). Refused at once with the endpoint's
     * code (`help_code_unknown`, `help_session_gone`, `rate_limited` with the wait); otherwise the
     * session's view, whose `failure` tells a denial, an unanswered prompt or the hub's refusal.
     */
    'session.connectHelp': {
      request: z.union([
        z.object({ code: typedHelpCodeSchema, access: accessSchema }).strict(),
        z
          .object({
            helpSessionId: z.string().min(1).max(64),
            reason: helpReasonSchema.optional(),
            access: accessSchema,
          })
          .strict(),
      ]),
      response: sessionViewSchema,
    },
    'session.createCode': {
      request: z.object({ access: accessSchema }).strict(),
      response: z.object({ code: z.string(), expiresAt: z.iso.datetime() }),
    },
    'session.lookupCode': {
      request: z.object({ code: sessionCodeSchema }).strict(),
      response: z.object({
        from: deviceIdSchema,
        /** AC-1: the name and company the endpoint vouches for (verified), or the supporter's claim. */
        supporter: z.object({ name: z.string(), company: z.string(), verified: z.boolean() }),
        access: accessSchema,
        expiresAt: z.iso.datetime(),
      }),
    },
    'session.joinCode': { request: z.object({ code: sessionCodeSchema }).strict(), response: sessionViewSchema },
    'session.answerPrompt': {
      request: z.object({ requestId: z.uuid(), accept: z.boolean(), access: accessSchema.optional() }).strict(),
      response: sessionViewSchema,
    },
    'session.setAccess': {
      request: z.object({ requestId: z.uuid(), access: accessSchema }).strict(),
      response: sessionViewSchema,
    },
    'session.signal': { request: z.object({ requestId: z.uuid(), signal: peerSignalSchema }).strict(), response: ok },
    'session.mediaConnected': { request: requestId, response: sessionViewSchema },
    /**
     * The partner's input as it arrived; `seq` from its frame (absent: injected as is, e.g.
     * release-all). The renderer sends it one-way: a move arrives every frame and nobody reads
     * the answer, which says only whether it was injected (or why not).
     */
    'session.input': {
      request: z
        .object({ requestId: z.uuid(), seq: z.number().int().nonnegative().optional(), event: inputEventSchema })
        .strict(),
      response: z.object({ injected: z.boolean(), reason: z.string().nullable() }),
      oneWay: true,
    },
    /**
     * This side ends the session, or (`link_closed`) its renderer's peer connection closed with
     * nobody here ending it: the core then waits briefly for the hub to say whether the partner
     * ended it, and otherwise records the connection as lost.
     */
    'session.end': {
      request: z.object({ requestId: z.uuid(), reason: z.literal('link_closed').optional() }).strict(),
      response: sessionViewSchema,
    },
    /**
     * RS-5: show another of the host's monitors. Supporter: asks the host (needs control, and one
     * of the monitors the host announced). Host: the end user's own choice.
     */
    'session.switchScreen': {
      request: z.object({ requestId: z.uuid(), id: screenIdSchema }).strict(),
      response: sessionViewSchema,
    },
    /** SI-5: the Session Insights pop-up's answer, and withdrawing consent mid-session (host). */
    'session.answerConsent': {
      request: z.object({ requestId: z.uuid(), allow: z.boolean() }).strict(),
      response: sessionViewSchema,
    },
    'session.withdrawConsent': { request: requestId, response: sessionViewSchema },
    /** Chat, file names, clipboard use: written to the event log only while consent holds. */
    'session.recordEvent': {
      request: z.object({ requestId: z.uuid(), event: sessionEventSchema }).strict(),
      response: z.object({ logged: z.boolean() }),
    },
    /** RS-5: the monitors this computer can share. Empty where the browser's own picker is used. */
    'screens.list': { request: empty, response: z.array(screenSourceSchema) },
    'screens.choose': { request: z.object({ id: screenIdSchema }).strict(), response: ok },
  },
  events: {
    'session.changed': sessionViewSchema,
    'session.signal': z.object({ requestId: z.uuid(), signal: peerSignalSchema }),
    /** Host: the remembered supporter devices, whenever one is remembered, used or forgotten. */
    'session.rememberedSupporters': z.array(rememberedSupporterSchema),
  },
});
