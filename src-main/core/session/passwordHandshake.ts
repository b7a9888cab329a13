import * as opaque from '@serenity-kit/opaque';
import { createHmac, timingSafeEqual } from 'node:crypto';

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

export function createServerSetup(): string {
  return opaque.server.createSetup();
}

/** Runs both halves of OPAQUE registration on the host: the record never leaves this device. */
export function registerLocally(serverSetup: string, userIdentifier: string, password: string): string {
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password });
  const { registrationResponse } = opaque.server.createRegistrationResponse({
    serverSetup,
    userIdentifier,
    registrationRequest,
  });
  return opaque.client.finishRegistration({ clientRegistrationState, registrationResponse, password })
    .registrationRecord;
}

// ---- supporter (OPAQUE client) ---------------------------------------------------------------

export function supporterStart(password: string): { state: string; ke1: string } {
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password });
  return { state: clientLoginState, ke1: startLoginRequest };
}

/** Null when the password is wrong (or the reply was forged). */
export function supporterFinish(
  state: string,
  ke2: string,
  password: string,
): { ke3: string; sessionKey: string } | null {
  try {
    const result = opaque.client.finishLogin({ clientLoginState: state, loginResponse: ke2, password });
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
