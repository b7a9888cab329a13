import type { HelpGrantAnswer } from '../../../src-shared/liveview/contract';
import type { SessionFailure } from '../../../src-shared/domain/session';
import { TandemError } from '../../../src-shared/errors';
import type { PeerMessage } from '../../../src-shared/signaling/peerMessages';
import type { IdentityStatement } from '../../../src-shared/identity/statement';
import type { Access, EndReason, SupporterInfo } from '../../../src-shared/signaling/protocol';
import type { ConsentCoordinator } from '../consent/consentCoordinator';
import type { SessionEventLog } from '../consent/eventLog';
import type { CoreEvents } from '../events';
import type { InputInjector } from '../input/inputInjector';
import type { ScreenChooser } from '../input/screenChooser';
import type { Logger } from '../logger';
import type { SignalingClient } from '../signaling/signalingClient';
import type { BruteForceGuard } from './bruteForceGuard';
import type { HostCredentials } from './hostCredentials';
import type { RememberedHosts } from './supporter/rememberedHosts';
import type { StatementCheck } from './host/supporterIdentity';
import { Session } from './session';

export interface SessionServiceOptions {
  signaling: SignalingClient;
  credentials: HostCredentials;
  /** Supporter: the passwords remembered per host (sealed). */
  rememberedHosts: RememberedHosts;
  guard: BruteForceGuard;
  events: CoreEvents;
  injector: InputInjector;
  /** Host: the monitors it can share; absent where the browser's own picker is used. */
  screens?: ScreenChooser;
  log: Logger;
  deviceId: () => string;
  /** What this supporter claims about themselves (shown as not verified). */
  supporterInfo: () => SupporterInfo;
  /** Supporter: the endpoint's statement of who the signed-in user is, or null (signed out, unreachable). */
  identityStatement: () => Promise<IdentityStatement | null>;
  /**
   * Supporter, LV-2 / LV-3: the endpoint's grant to ask a help session's device to connect, by the
   * ID the supporter typed or the help session picked in the Live View.
   */
  helpGrant: (request: { code: string } | { helpSessionId: string; reason?: string }) => Promise<HelpGrantAnswer>;
  /** Host: checks a supporter's statement against this device's own endpoint's key. */
  supporterIdentity: { check(statement: unknown, fromDeviceId: string): Promise<StatementCheck> };
  /** Replaces the one-time password (after a session, after repeated failures). */
  rotateOneTimePassword: () => void;
  consent: ConsentCoordinator;
  eventLog: SessionEventLog;
  authTimeoutMs?: number;
  promptTimeoutMs?: number;
  now?: () => number;
}

/** Handlers for some of the partner's message kinds, each typed by its kind. */
export type PeerMessageHandlers = {
  [K in PeerMessage['kind']]?: (session: Session, message: Extract<PeerMessage, { kind: K }>) => void;
};

const AUTH_TIMEOUT_MS = 30_000;
const PROMPT_TIMEOUT_MS = 30_000;

/**
 * This device's sessions, both roles, and what every part of the session service does to one:
 * create it, relay to its partner through the hub, arm its timer, report a change, end it. The
 * host and supporter sides share this one table, so "is a session already running here" has one
 * answer.
 */
export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  #localFingerprint: string | null = null;
  readonly now: () => number;
  readonly authTimeoutMs: number;
  readonly promptTimeoutMs: number;
  /** One function for every session, so each view reads the hub's current ICE settings. */
  readonly #ice = () => ({
    servers: this.options.signaling.iceServers,
    policy: this.options.signaling.iceTransportPolicy,
  });

  constructor(readonly options: SessionServiceOptions) {
    this.now = options.now ?? Date.now;
    this.authTimeoutMs = options.authTimeoutMs ?? AUTH_TIMEOUT_MS;
    this.promptTimeoutMs = options.promptTimeoutMs ?? PROMPT_TIMEOUT_MS;
  }

  /** The renderer's WebRTC certificate fingerprint, made before any session; null until then. */
  get localFingerprint(): string | null {
    return this.#localFingerprint;
  }

  set localFingerprint(fingerprint: string) {
    this.#localFingerprint = fingerprint;
  }

  all(): Session[] {
    return [...this.#sessions.values()];
  }

  find(requestId: string): Session | undefined {
    return this.#sessions.get(requestId);
  }

  get(requestId: string): Session {
    const session = this.#sessions.get(requestId);
    if (!session) throw new TandemError('invalid_request', 'There is no such session.');
    return session;
  }

  create(
    requestId: string,
    role: Session['role'],
    method: Session['method'],
    partner: Session['partner'],
    access: Access,
    localFingerprint: string,
  ): Session {
    const session = new Session(requestId, role, method, partner, access, localFingerprint, this.#ice);
    this.#sessions.set(session.requestId, session);
    this.changed(session);
    return session;
  }

  /** A host session is open: this device takes no other request until it ends. */
  busy(): boolean {
    return this.all().some((session) => session.role === 'host' && session.open);
  }

  requireIdle(): void {
    if (this.busy()) throw new TandemError('invalid_request', 'A session is already running on this device.');
  }

  requireEndpoint(): string {
    if (!this.#localFingerprint) {
      throw new TandemError('invalid_request', 'Tandem’s window is not ready for a session yet.');
    }
    return this.#localFingerprint;
  }

  relay(session: Session, payload: PeerMessage): void {
    this.options.signaling.send({ type: 'relay', requestId: session.requestId, payload });
  }

  /**
   * The signals held while the session could not go on yet (`Session.heldSignals`): the
   * supporter's go to the host once it is verified, the host's to its window once accepted.
   */
  releaseHeldSignals(session: Session): void {
    for (const signal of session.heldSignals.splice(0)) {
      if (session.role === 'supporter') this.relay(session, { kind: 'signal', signal });
      else this.options.events.emit('session.signal', { requestId: session.requestId, signal });
    }
  }

  arm(session: Session, ms: number, onTimeout: () => void): void {
    session.clearTimer();
    session.timer = setTimeout(onTimeout, ms);
    session.timer.unref();
  }

  changed(session: Session): void {
    this.options.events.emit('session.changed', session.view());
  }

  /** Ends with a failure the user sees; with no hub reason the hub already knows it is over. */
  fail(session: Session, failure: SessionFailure, hubReason: EndReason | null): void {
    session.failure = failure;
    if (hubReason) this.end(session, hubReason, true);
    else this.end(session, 'cancelled', false);
  }

  end(session: Session, reason: EndReason, tellHub: boolean): void {
    if (!session.open) return;
    const { eventLog, consent, signaling, log } = this.options;
    eventLog.appendIfLogging(session.requestId, { kind: 'session_ended', data: { reason } });
    consent.sessionEnded(session);
    session.clearTimer();
    const wasRunning = session.startedAt !== null;
    session.state = 'ended';
    session.endReason = reason;
    session.endedAt = this.now();
    session.sessionKey = null;
    session.password = null;
    session.heldSignals = [];
    if (tellHub) signaling.send({ type: 'end', requestId: session.requestId, reason });
    log.info({ requestId: session.requestId, role: session.role, reason, failure: session.failure }, 'session ended');
    this.changed(session);
    // RS-1: the one-time password never outlives a session.
    if (session.role === 'host' && wasRunning) this.options.rotateOneTimePassword();
  }
}
