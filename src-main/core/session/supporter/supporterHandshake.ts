import type { SessionFailure } from '../../../../src-shared/domain/session';
import type { CredentialKind, PeerMessage } from '../../../../src-shared/signaling/peerMessages';
import { couldBeOneTimePassword } from '../../device/deviceIdentity';
import { bindingMac, macMatches, stretchCost, supporterFinish, supporterStart } from '../passwordHandshake';
import { deriveRememberedKey } from '../rememberedPassword';
import type { Session } from '../session';
import type { PeerMessageHandlers, SessionRegistry } from '../sessionRegistry';

/**
 * RS-2, the supporter's half of the password handshake (OPAQUE's client), up to the host's
 * answer to its prompt. The password typed in is tried against every credential it may match at
 * once, and kept only until the host's reply has been checked.
 */
export class SupporterHandshake {
  constructor(private readonly registry: SessionRegistry) {}

  start(session: Session, password: string, kinds: CredentialKind[]): void {
    const { registry } = this;
    session.password = password;
    const attempts = kinds.map((credential) => {
      const { state, ke1 } = supporterStart(password);
      session.loginStates.set(credential, state);
      return { credential, message: ke1 };
    });
    registry.relay(session, { kind: 'auth-start', attempts, fingerprint: session.fingerprints.local });
    registry.arm(session, registry.authTimeoutMs, () =>
      registry.fail(session, { code: 'timeout', retryAfterMs: null }, 'timeout'),
    );
  }

  /** The host's side of the handshake; any other message is the running session's. */
  readonly peerMessages: PeerMessageHandlers = {
    'auth-reply': (session, message) => this.#onAuthReply(session, message),
    'auth-ok': (session, message) => this.#onAuthOk(session, message),
    'auth-refused': (session, message) => this.#onAuthRefused(session, message),
    'prompt-answer': (session, message) => this.#onPromptAnswer(session, message),
  };

  #onAuthReply(session: Session, message: Extract<PeerMessage, { kind: 'auth-reply' }>): void {
    const { registry } = this;
    if (session.state !== 'authenticating' || !session.password) return;
    session.fingerprints.remote = message.fingerprint;
    // Each try stretches the password with its credential's setting (`keyStretchingFor`): a
    // password no one-time password can look like is not tried against it, and the cheap try
    // (the one-time password's, ~1 ms) goes before the strong one (the permanent password's,
    // ~0.2 s), so the one that succeeds first ends the loop and a one-time password never waits
    // for the permanent password's stretch.
    const password = session.password;
    const worthTrying = message.attempts
      .filter(({ credential }) => credential !== 'otp' || couldBeOneTimePassword(password))
      .sort((a, b) => stretchCost(a.credential) - stretchCost(b.credential));
    for (const attempt of worthTrying) {
      const state = session.loginStates.get(attempt.credential);
      const result = state ? supporterFinish(state, attempt.message, password, attempt.credential) : null;
      if (!result) continue;
      session.sessionKey = result.sessionKey;
      session.credential = attempt.credential;
      session.password = null;
      session.loginStates.clear();
      registry.relay(session, {
        kind: 'auth-finish',
        credential: attempt.credential,
        ke3: result.ke3,
        mac: bindingMac(result.sessionKey, 'supporter', session.bound),
        ...(session.remember && attempt.credential === 'permanent' ? { remember: true as const } : {}),
      });
      return;
    }
    session.password = null;
    registry.relay(session, { kind: 'auth-abort', reason: 'wrong_password' });
    // The host answers with auth-refused and how long to wait; until then, no wait is known.
    const code = session.byRememberedKey ? 'remembered_password_refused' : 'wrong_password';
    if (session.byRememberedKey) this.#forgetKey(session);
    registry.fail(session, { code, retryAfterMs: null }, null);
  }

  /**
   * A remembered password the host no longer takes (forgotten there, its permanent password
   * changed, or a record that does not match): it is of no more use, so it goes, and the supporter
   * is told to type the password again.
   */
  #forgetKey(session: Session): void {
    if (!session.byRememberedKey) return;
    if (this.registry.options.rememberedHosts.forget(session.partner.deviceId)) {
      this.registry.options.log.info(
        { requestId: session.requestId, host: session.partner.deviceId },
        'remembered password refused by the host: forgotten here',
      );
    }
  }

  #onAuthOk(session: Session, message: Extract<PeerMessage, { kind: 'auth-ok' }>): void {
    const { registry } = this;
    // Only as the answer to our auth-finish: later copies are ignored, not trusted.
    if (session.state !== 'authenticating' || !session.sessionKey) return;
    if (!macMatches(bindingMac(session.sessionKey, 'host', session.bound), message.mac)) {
      registry.fail(session, { code: 'verification_failed', retryAfterMs: null }, 'auth_failed');
      return;
    }
    session.partnerVerified = true;
    // The host remembers this device once the session starts; so does this side, with the same key.
    if (message.remembered && session.remember && session.credential === 'permanent') {
      session.rememberedKey = deriveRememberedKey(session.sessionKey, {
        supporter: registry.options.deviceId(),
        host: session.partner.deviceId,
      });
    }
    session.state = 'awaiting_answer';
    // The host proved the password: the offer prepared meanwhile goes to it, to wait for the answer there.
    registry.releaseHeldSignals(session);
    void registry.options.consent.supporterAuthenticated(session);
    // The host's prompt runs its own countdown; this one only catches a host that went quiet.
    registry.arm(session, registry.promptTimeoutMs + 15_000, () =>
      registry.fail(session, { code: 'timeout', retryAfterMs: null }, 'timeout'),
    );
    registry.changed(session);
  }

  #onAuthRefused(session: Session, message: Extract<PeerMessage, { kind: 'auth-refused' }>): void {
    const { registry } = this;
    if (session.state !== 'authenticating' && session.state !== 'ended') return;
    if (session.state === 'ended' && session.startedAt !== null) return;
    // `not_remembered`: the host keeps no remembered password for this device; a wrong one (a
    // record that does not match this key) is the same news when this side connected by one.
    const code =
      message.reason === 'not_remembered' || (message.reason === 'wrong_password' && session.byRememberedKey)
        ? 'remembered_password_refused'
        : message.reason;
    if (code === 'remembered_password_refused') this.#forgetKey(session);
    const failure: SessionFailure = { code, retryAfterMs: message.retryAfterMs ?? null };
    if (session.open) registry.fail(session, failure, null);
    else {
      session.failure = failure;
      registry.changed(session);
    }
  }

  #onPromptAnswer(session: Session, message: Extract<PeerMessage, { kind: 'prompt-answer' }>): void {
    const { registry } = this;
    if (session.state !== 'awaiting_answer') return;
    session.clearTimer();
    if (!message.accepted) {
      const code =
        session.method === 'help'
          ? message.unanswered
            ? 'help_request_unanswered'
            : 'help_request_denied'
          : message.unanswered
            ? 'timeout'
            : 'denied';
      registry.fail(session, { code, retryAfterMs: null }, null);
      return;
    }
    session.hostGrant = message.access;
    if (session.rememberedKey !== null) {
      registry.options.rememberedHosts.store(session.partner.deviceId, session.rememberedKey, new Date(registry.now()));
      session.rememberedKey = null;
    }
    session.state = 'connecting';
    session.startedAt = registry.now();
    registry.changed(session);
  }
}
