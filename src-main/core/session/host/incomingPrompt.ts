import type { SessionView } from '../../../../src-shared/domain/session';
import { TandemError } from '../../../../src-shared/errors';
import type { CredentialKind } from '../../../../src-shared/signaling/peerMessages';
import type { Access } from '../../../../src-shared/signaling/protocol';
import type { Session } from '../session';
import type { SessionRegistry } from '../sessionRegistry';

/** RS-4: the end user's Accept / Deny once a supporter has proved the password, and the start. */
export class IncomingPrompt {
  constructor(private readonly registry: SessionRegistry) {}

  /**
   * The supporter proved the password: once the check of who they are is done (the prompt shows
   * its outcome), unattended access and an accepted session code start, anything else prompts.
   */
  verified(session: Session, credential: CredentialKind): void {
    const check = session.identityCheck;
    if (!check) return this.#proceed(session, credential);
    void check.then(() => {
      if (session.open && session.state === 'authenticating') this.#proceed(session, credential);
    });
  }

  #proceed(session: Session, credential: CredentialKind): void {
    const { registry } = this;
    // A remembered password stands for the permanent one: unattended access, no prompt.
    if (session.preAccepted || credential === 'permanent' || credential === 'remembered') {
      this.#accept(session, session.requestedAccess);
      return;
    }
    session.state = 'prompting';
    const timeout = registry.promptTimeoutMs;
    session.promptExpiresAt = registry.now() + timeout;
    registry.arm(session, timeout, () => this.#decline(session, true));
    registry.changed(session);
  }

  /** The end user's answer; no answer within the countdown declines (as unanswered). */
  answer(requestId: string, accept: boolean, access?: Access): SessionView {
    const { registry } = this;
    const session = registry.get(requestId);
    if (session.role !== 'host' || session.state !== 'prompting') {
      throw new TandemError('invalid_request', 'This session is not waiting for an answer.');
    }
    if (!accept) {
      this.#decline(session, false);
      return session.view();
    }
    session.clearTimer();
    session.promptExpiresAt = null;
    this.#accept(session, access === 'view' ? 'view' : session.requestedAccess);
    return session.view();
  }

  /** The end user said no — or nobody answered, which the supporter is told as such. */
  #decline(session: Session, unanswered: boolean): void {
    const { registry } = this;
    session.clearTimer();
    session.promptExpiresAt = null;
    registry.relay(session, { kind: 'prompt-answer', accepted: false, access: session.requestedAccess, unanswered });
    registry.end(session, unanswered ? 'timeout' : 'denied', true);
  }

  /**
   * The session started: a remembered password the supporter asked for is kept (with who they
   * were shown as now), and one that was used is marked so — the host's list tells both.
   */
  #keepRemembered(session: Session): void {
    const { credentials, log } = this.registry.options;
    const at = new Date(this.registry.now());
    const supporter = session.partner.deviceId;
    const pending = session.rememberRecord;
    session.rememberRecord = null;
    if (pending !== null) {
      const kept = credentials.keepRemembered(
        {
          deviceId: supporter,
          name: session.partner.name,
          company: session.partner.company,
          verified: session.partnerVerified,
        },
        pending,
        at,
      );
      log.info(
        { requestId: session.requestId, supporter },
        kept
          ? 'supporter device remembered for unattended access'
          : 'supporter device not remembered: the permanent password changed during the handshake',
      );
    }
    if (session.credential === 'remembered') {
      credentials.remembered.used(supporter, at);
      log.info({ requestId: session.requestId, supporter }, 'supporter connected by a remembered password');
    }
  }

  #accept(session: Session, access: Access): void {
    const { registry } = this;
    const { guard, signaling, consent } = registry.options;
    // The permanent password's guess is given back once a session starts: by that password, or
    // by the one-time password with the end user's yes (which also retires that password).
    if (session.permanentAttemptId !== null) guard.refundPermanent(session.permanentAttemptId);
    session.permanentAttemptId = null;
    session.hostGrant = access;
    session.state = 'connecting';
    session.startedAt = registry.now();
    this.#keepRemembered(session);
    registry.relay(session, { kind: 'prompt-answer', accepted: true, access });
    signaling.send({ type: 'started', requestId: session.requestId });
    registry.changed(session);
    // The supporter's offer, come while the end user was asked, reaches the window only now.
    registry.releaseHeldSignals(session);
    consent.sessionAccepted(session);
  }
}
