import type { PeerMessage } from '../../../../src-shared/signaling/peerMessages';
import { HOST_USER } from '../hostCredentials';
import { bindingMac, hostFinish, hostStart, macMatches } from '../passwordHandshake';
import { deriveRememberedKey } from '../rememberedPassword';
import type { Session } from '../session';
import type { PeerMessageHandlers, SessionRegistry } from '../sessionRegistry';
import type { IncomingPrompt } from './incomingPrompt';

/**
 * RS-2, the host's half of the password handshake (OPAQUE's server), with the brute-force guard
 * counting every attempt it answers, until the supporter is verified and the prompt takes over.
 */
export class HostHandshake {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly prompt: IncomingPrompt,
  ) {}

  /** The supporter's side of the handshake; any other message is the running session's. */
  readonly peerMessages: PeerMessageHandlers = {
    'auth-start': (session, message) => this.#answerAuthStart(session, message),
    'auth-finish': (session, message) => this.#onAuthFinish(session, message),
    'auth-abort': (session) => {
      if (session.state === 'authenticating') this.fail(session, 'wrong_password');
    },
  };

  /** Refuses the request (a wrong password, or no handshake in time) and counts the attempt. */
  fail(session: Session, reason: 'wrong_password' | 'timeout'): void {
    const { registry } = this;
    const { guard } = registry.options;
    if (!session.open) return;
    // An answered attempt was counted when it was answered; one that never got that far (the
    // supporter went quiet before auth-start) counts now.
    if (!session.attemptCounted) {
      session.attemptCounted = true;
      if (guard.fail(session.guardKeys).rotatePassword) this.#rotateAfterFailures();
    }
    const verdict = guard.check(session.guardKeys);
    const permanentWait = session.permanentWithheldMs;
    const payload: PeerMessage =
      reason !== 'timeout' && (verdict.allowed || verdict.reason === 'backoff') && permanentWait !== null
        ? // The supporter may have typed the permanent password, which was not tried: say so.
          { kind: 'auth-refused', reason: 'permanent_locked', retryAfterMs: permanentWait }
        : {
            kind: 'auth-refused',
            reason:
              reason === 'timeout'
                ? 'timeout'
                : verdict.allowed || verdict.reason === 'backoff'
                  ? 'wrong_password'
                  : 'locked',
            ...(verdict.allowed ? {} : { retryAfterMs: Math.ceil(verdict.retryAfterMs) }),
          };
    registry.relay(session, payload);
    registry.end(session, reason === 'timeout' ? 'timeout' : 'auth_failed', true);
  }

  /**
   * RS-2: the host's OPAQUE reply lets whoever asked test one guess per credential offline, with
   * no need to finish or abort. So the attempt counts as failed before anything is answered
   * (credited only when auth-finish proves the password), and the permanent password, which never
   * rotates, answers no more guesses than its hourly and daily ceilings allow.
   */
  #answerAuthStart(session: Session, message: Extract<PeerMessage, { kind: 'auth-start' }>): void {
    const { registry } = this;
    if (session.state !== 'authenticating' || session.attemptCounted) return;
    session.attemptCounted = true;
    session.fingerprints.remote = message.fingerprint;
    const { guard, credentials, log } = registry.options;
    const permanentOpen = guard.checkPermanent();
    const withRecords = message.attempts.flatMap(({ credential, message: ke1 }) => {
      // A code or a help connection answers only its one secret (`session.codeRecord`), never a
      // password; a remembered password is the one kept for the device the hub says is asking.
      const record =
        session.method !== 'password'
          ? credential === 'code'
            ? session.codeRecord
            : null
          : credential === 'code'
            ? null
            : credentials.record(credential, session.partner.deviceId);
      return record ? [{ credential, ke1, record }] : [];
    });
    // A remembered password this device does not keep for the asker: the supporter is told so (it
    // then forgets its key and asks for the password), and the attempt counts like a wrong
    // password — a stolen key tried from another device ID is a guess like any other.
    if (
      withRecords.length === 0 &&
      session.method === 'password' &&
      message.attempts.some(({ credential }) => credential === 'remembered')
    ) {
      if (guard.fail(session.guardKeys).rotatePassword) this.#rotateAfterFailures();
      log.warn(
        { requestId: session.requestId, supporter: session.partner.deviceId },
        'remembered password refused: none is kept for this supporter device',
      );
      registry.relay(session, { kind: 'auth-refused', reason: 'not_remembered' });
      registry.end(session, 'auth_failed', true);
      return;
    }
    const answerable = withRecords.filter(({ credential }) => credential !== 'permanent' || permanentOpen.allowed);
    if (!permanentOpen.allowed && answerable.length < withRecords.length) {
      const retryAfterMs = Math.ceil(permanentOpen.retryAfterMs);
      log.warn(
        { requestId: session.requestId, retryAfterMs },
        'permanent password not tried: its ceiling of attempts is reached',
      );
      if (answerable.length === 0) {
        registry.relay(session, { kind: 'auth-refused', reason: 'permanent_locked', retryAfterMs });
        registry.end(session, 'locked', true);
        return;
      }
      session.permanentWithheldMs = retryAfterMs;
    }
    if (answerable.length === 0) {
      registry.relay(session, { kind: 'auth-refused', reason: 'no_password' });
      registry.end(session, 'auth_failed', true);
      return;
    }
    // Persisted before the reply leaves: ending the request through the hub, or restarting this
    // device, cannot take the guess back.
    const { rotatePassword } = guard.fail(session.guardKeys);
    if (answerable.some((attempt) => attempt.credential === 'permanent')) {
      session.permanentAttemptId = guard.spendPermanent();
    }
    const replies = answerable.flatMap(({ credential, ke1, record }) => {
      const started = hostStart(credentials.serverSetup, HOST_USER, record, ke1);
      if (!started) return [];
      session.serverStates.set(credential, started.state);
      return [{ credential, message: started.ke2 }];
    });
    if (rotatePassword) this.#rotateAfterFailures();
    if (replies.length === 0) {
      registry.relay(session, { kind: 'auth-refused', reason: 'no_password' });
      registry.end(session, 'auth_failed', true);
      return;
    }
    registry.relay(session, { kind: 'auth-reply', attempts: replies, fingerprint: session.fingerprints.local });
  }

  #onAuthFinish(session: Session, message: Extract<PeerMessage, { kind: 'auth-finish' }>): void {
    const { registry } = this;
    const state = session.serverStates.get(message.credential);
    if (session.state !== 'authenticating' || !state) return;
    session.serverStates.clear();
    const sessionKey = hostFinish(state, message.ke3);
    if (!sessionKey || !macMatches(bindingMac(sessionKey, 'supporter', session.bound), message.mac)) {
      this.fail(session, 'wrong_password');
      return;
    }
    session.clearTimer();
    session.sessionKey = sessionKey;
    session.credential = message.credential;
    registry.options.guard.succeed(session.guardKeys);
    // Only the permanent password is remembered: the one-time password and a code stand for the
    // end user's yes each time. The record is kept once the session starts (`IncomingPrompt`).
    const remember = message.remember === true && message.credential === 'permanent' && session.method === 'password';
    if (remember) {
      const key = deriveRememberedKey(sessionKey, {
        supporter: session.partner.deviceId,
        host: registry.options.deviceId(),
      });
      session.rememberRecord = registry.options.credentials.forRemembered(key);
    }
    registry.relay(session, {
      kind: 'auth-ok',
      mac: bindingMac(sessionKey, 'host', session.bound),
      ...(remember ? { remembered: true as const } : {}),
    });
    this.prompt.verified(session, message.credential);
  }

  #rotateAfterFailures(): void {
    this.registry.options.log.warn('one-time password rotated after repeated failed attempts');
    this.registry.options.rotateOneTimePassword();
  }
}
