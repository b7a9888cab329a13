import { randomInt, randomUUID } from 'node:crypto';
import type { SessionFailure, SessionView } from '../../../src-shared/domain/session';
import { TandemError, type ErrorCode } from '../../../src-shared/errors';
import {
  peerMessageSchema,
  sdpFingerprint,
  type PeerMessage,
  type PeerSignal,
} from '../../../src-shared/signaling/peerMessages';
import type {
  Access,
  EndReason,
  HubErrorCode,
  ServerMessage,
  SupporterInfo,
} from '../../../src-shared/signaling/protocol';
import type { InputEvent } from '../../../src-shared/session/inputEvents';
import type { CoreEvents } from '../events';
import type { InputInjector } from '../input/inputInjector';
import type { Logger } from '../logger';
import type { SignalingClient } from '../signaling/signalingClient';
import type { ConsentCoordinator } from '../consent/consentCoordinator';
import type { SessionEventLog } from '../consent/eventLog';
import type { SessionEventInput } from '../../../src-shared/domain/consent';
import type { BruteForceGuard } from './bruteForceGuard';
import { HOST_USER, type HostCredentials } from './hostCredentials';
import { bindingMac, hostFinish, hostStart, macMatches, supporterFinish, supporterStart } from './passwordHandshake';
import { Session } from './session';

export interface SessionServiceOptions {
  signaling: SignalingClient;
  credentials: HostCredentials;
  guard: BruteForceGuard;
  events: CoreEvents;
  injector: InputInjector;
  log: Logger;
  deviceId: () => string;
  supporterInfo: () => SupporterInfo;
  /** Replaces the one-time password (after a session, after repeated failures). */
  rotateOneTimePassword: () => void;
  consent: ConsentCoordinator;
  eventLog: SessionEventLog;
  authTimeoutMs?: number;
  promptTimeoutMs?: number;
  now?: () => number;
}

const AUTH_TIMEOUT_MS = 30_000;
const PROMPT_TIMEOUT_MS = 30_000;
const HUB_REPLY_TIMEOUT_MS = 10_000;

/**
 * Remote sessions in the main core, for both roles: the end-to-end password handshake, the
 * incoming-connection prompt, access control, signaling relay bound to the authenticated DTLS
 * fingerprints, and the checks every remote input passes before injection.
 */
export class SessionService {
  readonly #sessions = new Map<string, Session>();
  /** Supporter: the secret half of each session code this device handed out. */
  readonly #codes = new Map<string, { secret: string; access: Access }>();
  #localFingerprint: string | null = null;
  #hubWaiter: { accept(message: ServerMessage): boolean } | null = null;
  #hubQueue: Promise<unknown> = Promise.resolve();
  readonly #now: () => number;
  readonly #ice = () => ({
    servers: this.options.signaling.iceServers,
    policy: this.options.signaling.iceTransportPolicy,
  });

  constructor(private readonly options: SessionServiceOptions) {
    this.#now = options.now ?? Date.now;
    options.signaling.on('message', (message) => this.#onHub(message));
  }

  /** The renderer's WebRTC certificate fingerprint, made before any session. */
  registerEndpoint(fingerprint: string): void {
    this.#localFingerprint = fingerprint;
  }

  list(): SessionView[] {
    return [...this.#sessions.values()].map((session) => session.view());
  }

  get(requestId: string): Session {
    const session = this.#sessions.get(requestId);
    if (!session) throw new TandemError('invalid_request', 'There is no such session.');
    return session;
  }

  /**
   * The window that held the sessions' WebRTC connections is gone (tab closed, renderer crashed):
   * those sessions cannot continue, so they end now rather than when the network notices.
   */
  windowGone(): void {
    for (const session of this.#sessions.values()) {
      if (session.open) this.#end(session, 'connection_lost', true);
    }
  }

  close(): void {
    for (const session of this.#sessions.values()) {
      if (session.open) this.end(session.requestId, session.role === 'host' ? 'ended_by_host' : 'ended_by_supporter');
    }
  }

  // ---- supporter ------------------------------------------------------------------------------

  /** RS-2: connect to a partner by ID and password. */
  connect(request: { partnerId: string; password: string; access: Access }): SessionView {
    const fingerprint = this.#requireEndpoint();
    if (request.partnerId === this.options.deviceId()) {
      throw new TandemError('invalid_request', 'This is your own device ID.');
    }
    const session = this.#add(
      new Session(
        randomUUID(),
        'supporter',
        'password',
        { deviceId: request.partnerId, name: '', company: '' },
        request.access,
        fingerprint,
        this.#ice,
      ),
    );
    this.options.signaling.send({
      type: 'connect',
      requestId: session.requestId,
      target: request.partnerId,
      supporter: this.options.supporterInfo(),
      access: request.access,
    });
    this.#startLogin(session, request.password, ['otp', 'permanent']);
    return session.view();
  }

  /** RS-3: a short-lived code the end user types into their Tandem. */
  async createCode(access: Access): Promise<{ code: string; expiresAt: string }> {
    const reply = await this.#askHub({ type: 'code-create', supporter: this.options.supporterInfo(), access }, (m) =>
      m.type === 'code-created' ? m : null,
    );
    const secret = String(randomInt(0, 10_000)).padStart(4, '0');
    this.#codes.set(reply.route, { secret, access });
    return { code: `${reply.route}${secret}`, expiresAt: reply.expiresAt };
  }

  #startLogin(session: Session, password: string, kinds: ('otp' | 'permanent' | 'code')[]): void {
    session.password = password;
    const attempts = kinds.map((credential) => {
      const { state, ke1 } = supporterStart(password);
      session.loginStates.set(credential, state);
      return { credential, message: ke1 };
    });
    this.#relay(session, { kind: 'auth-start', attempts, fingerprint: session.fingerprints.local });
    this.#arm(session, this.options.authTimeoutMs ?? AUTH_TIMEOUT_MS, () =>
      this.#fail(session, { code: 'timeout', retryAfterMs: null }, 'timeout'),
    );
  }

  #onSupporterMessage(session: Session, message: PeerMessage): void {
    switch (message.kind) {
      case 'auth-reply': {
        if (session.state !== 'authenticating' || !session.password) return;
        session.fingerprints.remote = message.fingerprint;
        for (const attempt of message.attempts) {
          const state = session.loginStates.get(attempt.credential);
          const result = state ? supporterFinish(state, attempt.message, session.password) : null;
          if (!result) continue;
          session.sessionKey = result.sessionKey;
          session.credential = attempt.credential;
          session.password = null;
          session.loginStates.clear();
          this.#relay(session, {
            kind: 'auth-finish',
            credential: attempt.credential,
            ke3: result.ke3,
            mac: bindingMac(result.sessionKey, 'supporter', session.bound),
          });
          return;
        }
        session.password = null;
        this.#relay(session, { kind: 'auth-abort', reason: 'wrong_password' });
        // The host answers with auth-refused and how long to wait; until then, no wait is known.
        this.#fail(session, { code: 'wrong_password', retryAfterMs: null }, null);
        return;
      }
      case 'auth-ok': {
        // Only as the answer to our auth-finish: later copies are ignored, not trusted.
        if (session.state !== 'authenticating' || !session.sessionKey) return;
        if (!macMatches(bindingMac(session.sessionKey, 'host', session.bound), message.mac)) {
          this.#fail(session, { code: 'verification_failed', retryAfterMs: null }, 'auth_failed');
          return;
        }
        session.partnerVerified = true;
        session.state = 'awaiting_answer';
        void this.options.consent.supporterAuthenticated(session);
        this.#arm(session, (this.options.promptTimeoutMs ?? PROMPT_TIMEOUT_MS) + 15_000, () =>
          this.#fail(session, { code: 'timeout', retryAfterMs: null }, 'timeout'),
        );
        this.#changed(session);
        return;
      }
      case 'auth-refused': {
        if (session.state !== 'authenticating' && session.state !== 'ended') return;
        if (session.state === 'ended' && session.startedAt !== null) return;
        const code = message.reason === 'denied' ? 'denied' : message.reason;
        const failure: SessionFailure = { code, retryAfterMs: message.retryAfterMs ?? null };
        if (session.open) this.#fail(session, failure, null);
        else {
          session.failure = failure;
          this.#changed(session);
        }
        return;
      }
      case 'prompt-answer': {
        if (session.state !== 'awaiting_answer') return;
        session.clearTimer();
        if (!message.accepted) {
          this.#fail(session, { code: 'denied', retryAfterMs: null }, null);
          return;
        }
        session.hostGrant = message.access;
        session.state = 'connecting';
        session.startedAt = this.#now();
        this.#changed(session);
        return;
      }
      default:
        this.#onSessionMessage(session, message);
    }
  }

  // ---- host -----------------------------------------------------------------------------------

  /** RS-3: what the end user sees after typing a code — who is asking, for what. */
  async lookupCode(
    code: string,
  ): Promise<{ from: string; supporter: SupporterInfo; access: Access; expiresAt: string }> {
    const route = code.slice(0, 6);
    const info = await this.#askHub({ type: 'code-lookup', route }, (m) =>
      m.type === 'code-info' && m.route === route ? m : null,
    );
    return { from: info.from, supporter: info.supporter, access: info.access, expiresAt: info.expiresAt };
  }

  /** The end user accepted the supporter behind this code: the handshake follows, no further prompt. */
  async joinCode(code: string): Promise<SessionView> {
    const fingerprint = this.#requireEndpoint();
    this.#requireIdle();
    const info = await this.lookupCode(code);
    const session = this.#add(
      new Session(
        randomUUID(),
        'host',
        'code',
        { deviceId: info.from, name: info.supporter.name, company: info.supporter.company },
        info.access,
        fingerprint,
        this.#ice,
      ),
    );
    session.preAccepted = true;
    session.codeRecord = this.options.credentials.forCode(code);
    session.guardKeys = { device: '*' };
    this.options.signaling.send({ type: 'code-join', route: code.slice(0, 6), requestId: session.requestId });
    this.#arm(session, this.options.authTimeoutMs ?? AUTH_TIMEOUT_MS, () => this.#hostFailure(session, 'timeout'));
    return session.view();
  }

  #onIncoming(message: Extract<ServerMessage, { type: 'incoming' }>): void {
    const guardKeys = { device: '*', supporter: message.from, source: message.sourceKey };
    const refuse = (reason: 'locked' | 'busy', retryAfterMs?: number) => {
      const payload: PeerMessage = { kind: 'auth-refused', reason, ...(retryAfterMs ? { retryAfterMs } : {}) };
      this.options.signaling.send({ type: 'relay', requestId: message.requestId, payload });
      this.options.signaling.send({
        type: 'end',
        requestId: message.requestId,
        reason: reason === 'locked' ? 'locked' : 'cancelled',
      });
    };
    const verdict = this.options.guard.check(guardKeys);
    if (!verdict.allowed) {
      this.options.log.warn(
        { supporter: message.from, retryAfterMs: verdict.retryAfterMs },
        'connection refused: back-off',
      );
      return refuse('locked', Math.ceil(verdict.retryAfterMs));
    }
    if (!this.#localFingerprint || this.#busy()) return refuse('busy');
    const session = this.#add(
      new Session(
        message.requestId,
        'host',
        message.method,
        { deviceId: message.from, name: message.supporter.name, company: message.supporter.company },
        message.access,
        this.#localFingerprint,
        this.#ice,
      ),
    );
    session.guardKeys = guardKeys;
    this.#arm(session, this.options.authTimeoutMs ?? AUTH_TIMEOUT_MS, () => this.#hostFailure(session, 'timeout'));
  }

  #onHostMessage(session: Session, message: PeerMessage): void {
    switch (message.kind) {
      case 'auth-start':
        return this.#answerAuthStart(session, message);
      case 'auth-finish': {
        const state = session.serverStates.get(message.credential);
        if (session.state !== 'authenticating' || !state) return;
        session.serverStates.clear();
        const sessionKey = hostFinish(state, message.ke3);
        if (!sessionKey || !macMatches(bindingMac(sessionKey, 'supporter', session.bound), message.mac)) {
          this.#hostFailure(session, 'wrong_password');
          return;
        }
        session.clearTimer();
        session.sessionKey = sessionKey;
        session.credential = message.credential;
        this.options.guard.succeed(session.guardKeys);
        this.#relay(session, { kind: 'auth-ok', mac: bindingMac(sessionKey, 'host', session.bound) });
        // Unattended access and an accepted session code need no prompt; a one-time password does.
        if (session.preAccepted || message.credential === 'permanent') {
          this.#accept(session, session.requestedAccess);
          return;
        }
        session.state = 'prompting';
        const timeout = this.options.promptTimeoutMs ?? PROMPT_TIMEOUT_MS;
        session.promptExpiresAt = this.#now() + timeout;
        this.#arm(session, timeout, () => this.answerPrompt(session.requestId, false));
        this.#changed(session);
        return;
      }
      case 'auth-abort':
        if (session.state === 'authenticating') this.#hostFailure(session, 'wrong_password');
        return;
      default:
        this.#onSessionMessage(session, message);
    }
  }

  /**
   * RS-2: the host's OPAQUE reply lets whoever asked test one guess per credential offline, with
   * no need to finish or abort. So the attempt counts as failed before anything is answered
   * (credited only when auth-finish proves the password), and the permanent password, which never
   * rotates, answers no more guesses than its hourly and daily ceilings allow.
   */
  #answerAuthStart(session: Session, message: Extract<PeerMessage, { kind: 'auth-start' }>): void {
    if (session.state !== 'authenticating' || session.attemptCounted) return;
    session.attemptCounted = true;
    session.fingerprints.remote = message.fingerprint;
    const { guard, credentials } = this.options;
    const permanentOpen = guard.checkPermanent();
    const withRecords = message.attempts.flatMap(({ credential, message: ke1 }) => {
      const record =
        session.method === 'code'
          ? credential === 'code'
            ? session.codeRecord
            : null
          : credential === 'code'
            ? null
            : credentials.record(credential);
      return record ? [{ credential, ke1, record }] : [];
    });
    const answerable = withRecords.filter(({ credential }) => credential !== 'permanent' || permanentOpen.allowed);
    if (!permanentOpen.allowed && answerable.length < withRecords.length) {
      const retryAfterMs = Math.ceil(permanentOpen.retryAfterMs);
      this.options.log.warn(
        { requestId: session.requestId, retryAfterMs },
        'permanent password not tried: its ceiling of attempts is reached',
      );
      if (answerable.length === 0) {
        this.#relay(session, { kind: 'auth-refused', reason: 'permanent_locked', retryAfterMs });
        this.#end(session, 'locked', true);
        return;
      }
      session.permanentWithheldMs = retryAfterMs;
    }
    if (answerable.length === 0) {
      this.#relay(session, { kind: 'auth-refused', reason: 'no_password' });
      this.#end(session, 'auth_failed', true);
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
      this.#relay(session, { kind: 'auth-refused', reason: 'no_password' });
      this.#end(session, 'auth_failed', true);
      return;
    }
    this.#relay(session, { kind: 'auth-reply', attempts: replies, fingerprint: session.fingerprints.local });
  }

  /** RS-4: the end user's answer (Accept / Deny; no answer within the countdown means deny). */
  answerPrompt(requestId: string, accept: boolean, access?: Access): SessionView {
    const session = this.get(requestId);
    if (session.role !== 'host' || session.state !== 'prompting') {
      throw new TandemError('invalid_request', 'This session is not waiting for an answer.');
    }
    session.clearTimer();
    session.promptExpiresAt = null;
    if (!accept) {
      this.#relay(session, { kind: 'prompt-answer', accepted: false, access: session.requestedAccess });
      this.#end(session, 'denied', true);
      return session.view();
    }
    this.#accept(session, access === 'view' ? 'view' : session.requestedAccess);
    return session.view();
  }

  #accept(session: Session, access: Access): void {
    // The permanent password's guess is given back once a session starts: by that password, or
    // by the one-time password with the end user's yes (which also retires that password).
    if (session.permanentAttemptId !== null) this.options.guard.refundPermanent(session.permanentAttemptId);
    session.permanentAttemptId = null;
    session.hostGrant = access;
    session.state = 'connecting';
    session.startedAt = this.#now();
    this.#relay(session, { kind: 'prompt-answer', accepted: true, access });
    this.options.signaling.send({ type: 'started', requestId: session.requestId });
    this.#changed(session);
    this.options.consent.sessionAccepted(session);
  }

  #hostFailure(session: Session, reason: 'wrong_password' | 'timeout'): void {
    if (!session.open) return;
    // An answered attempt was counted when it was answered; one that never got that far (the
    // supporter went quiet before auth-start) counts now.
    if (!session.attemptCounted) {
      session.attemptCounted = true;
      if (this.options.guard.fail(session.guardKeys).rotatePassword) this.#rotateAfterFailures();
    }
    const verdict = this.options.guard.check(session.guardKeys);
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
    this.#relay(session, payload);
    this.#end(session, reason === 'timeout' ? 'timeout' : 'auth_failed', true);
  }

  #rotateAfterFailures(): void {
    this.options.log.warn('one-time password rotated after repeated failed attempts');
    this.options.rotateOneTimePassword();
  }

  // ---- both sides, once accepted -----------------------------------------------------------------

  #onSessionMessage(session: Session, message: PeerMessage): void {
    if (message.kind === 'signal') {
      if (session.state !== 'connecting' && session.state !== 'active') return;
      if ('sdp' in message.signal) {
        // The hub relays SDP but cannot choose its certificate: only the bound fingerprint passes.
        if (sdpFingerprint(message.signal.sdp) !== session.fingerprints.remote) {
          this.options.log.error(
            { requestId: session.requestId },
            'SDP with an unbound DTLS fingerprint; session ended',
          );
          this.end(session.requestId, session.role === 'host' ? 'ended_by_host' : 'ended_by_supporter');
          return;
        }
      }
      this.options.events.emit('session.signal', { requestId: session.requestId, signal: message.signal });
      return;
    }
    if (message.kind === 'control') {
      if (session.role === 'host' && message.by === 'supporter') session.supporterChoice = message.access;
      else if (session.role === 'supporter' && message.by === 'host') session.hostGrant = message.access;
      else return;
      this.options.eventLog.appendIfLogging(session.requestId, {
        kind: 'control',
        data: { access: message.access, by: message.by },
      });
      this.#changed(session);
      return;
    }
    if (message.kind === 'consent-facts' && session.role === 'host') this.options.consent.onFacts(session, message);
    if (message.kind === 'foreground' && session.role === 'supporter') {
      this.options.eventLog.appendIfLogging(session.requestId, {
        kind: 'foreground',
        data: { app: message.app, title: message.title },
      });
    }
    if (message.kind === 'consent-state' && session.role === 'supporter')
      this.options.consent.onState(session, message);
  }

  /** From the local renderer's simple-peer: relayed only for an accepted session, own SDP only. */
  signal(requestId: string, signal: PeerSignal): void {
    const session = this.get(requestId);
    if (session.state !== 'connecting' && session.state !== 'active') {
      throw new TandemError('invalid_request', 'This session is not connecting.');
    }
    if ('sdp' in signal && sdpFingerprint(signal.sdp) !== session.fingerprints.local) {
      throw new TandemError('invalid_request', 'This SDP does not carry the certificate this session was bound to.');
    }
    this.#relay(session, { kind: 'signal', signal });
  }

  /** The local renderer reports the WebRTC connection up. */
  mediaConnected(requestId: string): SessionView {
    const session = this.get(requestId);
    if (session.state === 'connecting') {
      session.state = 'active';
      this.#changed(session);
    }
    return session.view();
  }

  /** RS-6: the host revokes or grants control; the supporter switches to view only and back. */
  setAccess(requestId: string, access: Access): SessionView {
    const session = this.get(requestId);
    if (!session.open || session.state === 'authenticating') {
      throw new TandemError('invalid_request', 'This session is not running.');
    }
    if (session.role === 'host') session.hostGrant = access;
    else {
      if (access === 'full' && session.hostGrant !== 'full') {
        throw new TandemError('invalid_request', 'The end user has not granted control.');
      }
      session.supporterChoice = access;
    }
    this.#relay(session, { kind: 'control', access, by: session.role });
    this.options.eventLog.appendIfLogging(session.requestId, { kind: 'control', data: { access, by: session.role } });
    this.#changed(session);
    return session.view();
  }

  /** The end user's answer to the Session Insights pop-up (host). */
  answerConsent(requestId: string, allow: boolean): SessionView {
    const session = this.get(requestId);
    if (session.role !== 'host') throw new TandemError('invalid_request', 'Only the end user answers this.');
    this.options.consent.answer(session, allow);
    return session.view();
  }

  /** The end user withdraws consent mid-session (host). */
  withdrawConsent(requestId: string): SessionView {
    const session = this.get(requestId);
    if (session.role !== 'host') throw new TandemError('invalid_request', 'Only the end user can withdraw consent.');
    this.options.consent.withdraw(session);
    return session.view();
  }

  /** Chat, file names, clipboard use, notes from the window: logged only while consent holds. */
  recordEvent(requestId: string, event: SessionEventInput): { logged: boolean } {
    const session = this.get(requestId);
    if (session.state !== 'active' && session.state !== 'connecting') return { logged: false };
    return { logged: this.options.eventLog.appendIfLogging(requestId, event) };
  }

  /** Host: pass the application in front to the supporter when their company owns the summary. */
  shareForeground(requestId: string, window: { app: string; title: string }): void {
    const session = this.#sessions.get(requestId);
    if (session?.role !== 'host' || session.consent?.decision.basis !== 'outgoing' || !session.consent.decision.log)
      return;
    this.#relay(session, { kind: 'foreground', app: window.app.slice(0, 200), title: window.title.slice(0, 500) });
  }

  /** Host sessions being logged right now (for the foreground watcher). */
  loggedHostSessions(): string[] {
    return [...this.#sessions.values()]
      .filter(
        (session) => session.role === 'host' && session.state === 'active' && this.options.consent.isLogging(session),
      )
      .map((session) => session.requestId);
  }

  isLogging(requestId: string): boolean {
    return this.options.consent.isLogging(this.#sessions.get(requestId));
  }

  /** RS-6: input reaches the injector only while the session is active and control is granted. */
  input(requestId: string, event: InputEvent): { injected: boolean; reason: string | null } {
    const session = this.#sessions.get(requestId);
    if (!session || session.role !== 'host') return { injected: false, reason: 'no such session' };
    if (session.state !== 'active') return { injected: false, reason: 'session not active' };
    if (session.access !== 'full') return { injected: false, reason: 'control not granted' };
    const { injector } = this.options;
    if (injector.unavailableReason) return { injected: false, reason: injector.unavailableReason };
    try {
      injector.inject(event);
      return { injected: true, reason: null };
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message, type: event.type }, 'input injection failed');
      return { injected: false, reason: 'injection failed' };
    }
  }

  end(requestId: string, reason?: EndReason): SessionView {
    const session = this.get(requestId);
    if (session.open) {
      if (session.state === 'authenticating' && session.role === 'supporter') {
        this.#relay(session, { kind: 'auth-abort', reason: 'cancelled' });
      }
      this.#end(session, reason ?? (session.role === 'host' ? 'ended_by_host' : 'ended_by_supporter'), true);
    }
    return session.view();
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  #onHub(message: ServerMessage): void {
    if (this.#hubWaiter?.accept(message)) return;
    switch (message.type) {
      case 'incoming':
        return this.#onIncoming(message);
      case 'code-joined': {
        const code = this.#codes.get(message.route);
        if (!code || !this.#localFingerprint) {
          this.options.signaling.send({ type: 'end', requestId: message.requestId, reason: 'cancelled' });
          return;
        }
        this.#codes.delete(message.route);
        const session = this.#add(
          new Session(
            message.requestId,
            'supporter',
            'code',
            { deviceId: message.host, name: '', company: '' },
            code.access,
            this.#localFingerprint,
            this.#ice,
          ),
        );
        this.#startLogin(session, `${message.route}${code.secret}`, ['code']);
        return;
      }
      case 'relay': {
        const session = this.#sessions.get(message.requestId);
        const parsed = peerMessageSchema.safeParse(message.payload);
        if (!session || !parsed.success) {
          this.options.log.warn({ requestId: message.requestId }, 'peer message refused: unknown session or malformed');
          return;
        }
        if (session.role === 'supporter') this.#onSupporterMessage(session, parsed.data);
        else this.#onHostMessage(session, parsed.data);
        return;
      }
      case 'ended': {
        const session = this.#sessions.get(message.requestId);
        if (!session?.open) return;
        if (
          session.role === 'supporter' &&
          !session.failure &&
          session.state !== 'connecting' &&
          session.state !== 'active'
        ) {
          session.failure = { code: message.reason === 'denied' ? 'denied' : 'timeout', retryAfterMs: null };
        }
        this.#end(session, message.reason, false);
        return;
      }
      case 'error': {
        const session = message.requestId ? this.#sessions.get(message.requestId) : undefined;
        if (!session?.open) return;
        // `busy`: the hub refuses a request when the host already has too many waiting.
        const code =
          message.code === 'partner_offline' || message.code === 'rate_limited' || message.code === 'busy'
            ? message.code
            : 'partner_offline';
        this.#fail(session, { code, retryAfterMs: message.retryAfterMs ?? null }, null);
        return;
      }
    }
  }

  /** One hub request/reply at a time (codes), matched by `pick`; hub errors reject it. */
  #askHub<T>(request: Parameters<SignalingClient['send']>[0], pick: (message: ServerMessage) => T | null): Promise<T> {
    const ask = () =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.#hubWaiter = null;
          reject(new TandemError('cloud_unreachable', 'The cloud endpoint did not answer in time.'));
        }, HUB_REPLY_TIMEOUT_MS);
        this.#hubWaiter = {
          accept: (message) => {
            const picked = pick(message);
            const error = message.type === 'error' && !message.requestId ? message : null;
            if (picked === null && !error) return false;
            clearTimeout(timer);
            this.#hubWaiter = null;
            if (picked !== null) resolve(picked);
            else reject(new TandemError(hubRefusalCode(error!.code), `${error!.code}: ${error!.message}`));
            return true;
          },
        };
        this.options.signaling.send(request);
      });
    const result = this.#hubQueue.then(ask, ask);
    this.#hubQueue = result.catch(() => undefined);
    return result;
  }

  #fail(session: Session, failure: SessionFailure, hubReason: EndReason | null): void {
    session.failure = failure;
    if (hubReason) this.#end(session, hubReason, true);
    else this.#end(session, 'cancelled', false);
  }

  #end(session: Session, reason: EndReason, tellHub: boolean): void {
    if (!session.open) return;
    this.options.eventLog.appendIfLogging(session.requestId, { kind: 'session_ended', data: { reason } });
    this.options.consent.sessionEnded(session);
    session.clearTimer();
    const wasRunning = session.startedAt !== null;
    session.state = 'ended';
    session.endReason = reason;
    session.endedAt = this.#now();
    session.sessionKey = null;
    session.password = null;
    if (tellHub) this.options.signaling.send({ type: 'end', requestId: session.requestId, reason });
    this.options.log.info(
      { requestId: session.requestId, role: session.role, reason, failure: session.failure },
      'session ended',
    );
    this.#changed(session);
    // RS-1: the one-time password never outlives a session.
    if (session.role === 'host' && wasRunning) this.options.rotateOneTimePassword();
  }

  #relay(session: Session, payload: PeerMessage): void {
    this.options.signaling.send({ type: 'relay', requestId: session.requestId, payload });
  }

  #arm(session: Session, ms: number, onTimeout: () => void): void {
    session.clearTimer();
    session.timer = setTimeout(onTimeout, ms);
    session.timer.unref();
  }

  #add(session: Session): Session {
    this.#sessions.set(session.requestId, session);
    this.#changed(session);
    return session;
  }

  #changed(session: Session): void {
    this.options.events.emit('session.changed', session.view());
  }

  #busy(): boolean {
    return [...this.#sessions.values()].some((session) => session.role === 'host' && session.open);
  }

  #requireIdle(): void {
    if (this.#busy()) throw new TandemError('invalid_request', 'A session is already running on this device.');
  }

  #requireEndpoint(): string {
    if (!this.#localFingerprint) {
      throw new TandemError('invalid_request', 'Tandem’s window is not ready for a session yet.');
    }
    return this.#localFingerprint;
  }
}

/** The hub's refusals a user can act on keep their own code; others stay a generic refusal. */
function hubRefusalCode(code: HubErrorCode): ErrorCode {
  return code === 'rate_limited' || code === 'codes_exhausted' ? code : 'invalid_request';
}
