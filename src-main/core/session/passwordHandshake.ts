import * as opaque from '@serenity-kit/opaque';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CredentialKind } from '../../../src-shared/signaling/peerMessages';

/**
 * RS-2, the cryptography: OPAQUE (a PAKE, RFC 9807; @serenity-kit/opaque on the audited
 * opaque-ke, argon2id key stretching). The host plays OPAQUE's server with a record it registers
 * locally from each of its passwords; the supporter plays the client with the password typed in.
 * Neither the cloud endpoint nor an eavesdropper learns the password or can test guesses
 * offline, and only a party that knows the password (or holds the host's record) derives the
 * session key. Each side then MACs both DTLS fingerprints with that key, so the WebRTC
 * connection is bound to the two authenticated parties.
 */

export const opaqueReady: Promise<void> = opaque.ready;

export type { CredentialKind } from '../../../src-shared/signaling/peerMessages';

/** OPAQUE's key stretching (argon2id) settings, as @serenity-kit/opaque takes them. */
export type KeyStretching = NonNullable<opaque.client.FinishLoginParams['keyStretching']>;

/**
 * The key stretching each credential's record is made and opened with; both sides read it here,
 * so a record and the login that opens it agree (another setting fails like a wrong password).
 *
 * OPAQUE's key stretching guards one thing: a stolen record. Whoever holds a host's record can
 * test guesses offline, each costing one stretch; a transcript of the handshake allows no offline
 * test at all, and online guesses are bounded by the brute-force guard. So:
 * - the one-time password (8 random letters of 56, ~46 bits; its record only ever in the host's
 *   memory, replaced after every session and every fifth failure) gets the cheapest argon2id the
 *   library accepts (8 KiB, one pass, one lane: ~1 ms instead of ~0.2 s). Its entropy, not the
 *   stretch, is what a thief of the host's memory would have to get through, and the record is gone
 *   with the next session anyway;
 * - the permanent password, chosen by a person, never rotated and kept on disk, keeps the strong
 *   setting its records have always had (the library's default `memory-constrained`: 64 MiB,
 *   three passes, four lanes — named here so a change of the library's default breaks no record);
 * - a remembered password (`rememberedPassword.ts`: 256 random bits both sides derived from a
 *   session by the permanent password, one per supporter device, on disk on both sides) gets the
 *   cheap setting too: no stretch makes 2^256 guesses any cheaper to fail at, so a thief of its
 *   record learns nothing a stretch would have hidden. This is what spares a help desk's daily
 *   unattended connect the permanent password's ~0.2 s; the person-chosen password itself keeps its
 *   strong record;
 * - a session code's and a help connection's secret keep that setting too (not part of this change).
 */
const CHEAPEST: KeyStretching = { 'argon2id-custom': { memory: 8, iterations: 1, parallelism: 1 } };
const KEY_STRETCHING: Record<CredentialKind, KeyStretching> = {
  otp: CHEAPEST,
  permanent: 'memory-constrained',
  code: 'memory-constrained',
  remembered: CHEAPEST,
};

export function keyStretchingFor(credential: CredentialKind): KeyStretching {
  return KEY_STRETCHING[credential];
}

/** 0 for a cheap stretch, 1 for a strong one: the supporter tries the cheap ones first. */
export function stretchCost(credential: CredentialKind): number {
  return KEY_STRETCHING[credential] === 'memory-constrained' ? 1 : 0;
}

export function createServerSetup(): string {
  return opaque.server.createSetup();
}

/** Runs both halves of OPAQUE registration on the host: the record never leaves this device. */
export function registerLocally(
  serverSetup: string,
  userIdentifier: string,
  password: string,
  credential: CredentialKind,
): string {
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password });
  const { registrationResponse } = opaque.server.createRegistrationResponse({
    serverSetup,
    userIdentifier,
    registrationRequest,
  });
  return opaque.client.finishRegistration({
    clientRegistrationState,
    registrationResponse,
    password,
    keyStretching: keyStretchingFor(credential),
  }).registrationRecord;
}

// ---- supporter (OPAQUE client) ---------------------------------------------------------------

export function supporterStart(password: string): { state: string; ke1: string } {
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password });
  return { state: clientLoginState, ke1: startLoginRequest };
}

/**
 * Null when the password is wrong (or the reply was forged). `credential` is the one the reply
 * answers for, whose key stretching opens its record.
 */
export function supporterFinish(
  state: string,
  ke2: string,
  password: string,
  credential: CredentialKind,
): { ke3: string; sessionKey: string } | null {
  try {
    const result = opaque.client.finishLogin({
      clientLoginState: state,
      loginResponse: ke2,
      password,
      keyStretching: keyStretchingFor(credential),
    });
    return result ? { ke3: result.finishLoginRequest, sessionKey: result.sessionKey } : null;
  } catch {
    return null;
  }
}

// ---- host (OPAQUE server) ---------------------------------------------------------------------

export function hostStart(
  serverSetup: string,
  userIdentifier: string,
  record: string,
  ke1: string,
): { state: string; ke2: string } | null {
  try {
    const { serverLoginState, loginResponse } = opaque.server.startLogin({
      serverSetup,
      userIdentifier,
      registrationRecord: record,
      startLoginRequest: ke1,
    });
    return { state: serverLoginState, ke2: loginResponse };
  } catch {
    return null;
  }
}

export function hostFinish(state: string, ke3: string): string | null {
  try {
    return opaque.server.finishLogin({ serverLoginState: state, finishLoginRequest: ke3 }).sessionKey;
  } catch {
    return null;
  }
}

// ---- binding to the WebRTC connection ----------------------------------------------------------

export function bindingMac(
  sessionKey: string,
  role: 'supporter' | 'host',
  fingerprints: { supporter: string; host: string },
): string {
  return createHmac('sha256', Buffer.from(sessionKey, 'base64url'))
    .update(`tandem-bind:v1\n${role}\n${fingerprints.supporter}\n${fingerprints.host}`)
    .digest('base64url');
}

export function macMatches(expected: string, offered: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}
