import type { SessionView } from '../../../src-shared/domain/session';
import { TandemError } from '../../../src-shared/errors';
import { sdpFingerprint, type PeerMessage, type PeerSignal } from '../../../src-shared/signaling/peerMessages';
import type { Access, EndReason, ServerMessage } from '../../../src-shared/signaling/protocol';
import type { InputEvent } from '../../../src-shared/session/inputEvents';
import { HeldInput } from '../input/heldInput';
import type { Session } from './session';
import type { SessionRegistry } from './sessionRegistry';

/** How long a closed peer connection waits for the hub to say the partner ended the session. */
const PARTNER_END_WAIT_MS = 3_000;
/** An offer and its candidates: a few per network interface; far more is a window gone wrong. */
const MAX_HELD_SIGNALS = 64;

/**
 * Both roles once a session is accepted: the WebRTC signaling relay bound to the authenticated
 * DTLS fingerprints, the access switch, the checks every remote input passes before injection,
 * and how a session ends (by either side, the hub, or the window that held the connection).
 */
export class RunningSession {
  /** Host sessions' input: what each holds down on this computer, and the last `seq` injected. */
  readonly #held = new Map<string, HeldInput>();

  constructor(private readonly registry: SessionRegistry) {
    // Every change of a session passes here: let go of what it holds once it ends or loses control.
    registry.options.events.subscribe((event, payload) => {
      if (event !== 'session.changed') return;
      const view = payload as SessionView;
      if (view.state === 'ended' || view.access !== 'full') this.releaseInput(view.requestId);
    });
  }

  /** Releases every key and button a host session holds (ended, control revoked, input channel gone). */
  releaseInput(requestId: string): void {
    const held = this.#held.get(requestId);
    if (!held) return;
    held.releaseAll();
    if (this.registry.find(requestId)?.open !== true) this.#held.delete(requestId);
  }

  /** The partner's messages outside the handshake. */
  onPeerMessage(session: Session, message: PeerMessage): void {
    const { registry } = this;
    const { events, eventLog, consent, log } = registry.options;
    if (message.kind === 'signal') {
      // Host: a supporter that proved the password may send its offer while the end user is
      // asked; it waits here, and nothing is answered, until they accept (`releaseHeldSignals`).
      const awaitingAnswer =
        session.role === 'host' &&
        session.sessionKey !== null &&
        (session.state === 'authenticating' || session.state === 'prompting');
      if (!awaitingAnswer && session.state !== 'connecting' && session.state !== 'active') return;
      if ('sdp' in message.signal) {
        // The hub relays SDP but cannot choose its certificate: only the bound fingerprint passes.
        if (sdpFingerprint(message.signal.sdp) !== session.fingerprints.remote) {
          log.error({ requestId: session.requestId }, 'SDP with an unbound DTLS fingerprint; session ended');
          this.end(session.requestId, session.role === 'host' ? 'ended_by_host' : 'ended_by_supporter');
          return;
        }
      }
      if (!awaitingAnswer) events.emit('session.signal', { requestId: session.requestId, signal: message.signal });
      else if (session.heldSignals.length < MAX_HELD_SIGNALS) session.heldSignals.push(message.signal);
      else log.warn({ requestId: session.requestId }, 'a supporter sent too many signals before the answer; dropped');
      return;
    }
    if (message.kind === 'control') {
      if (session.role === 'host' && message.by === 'supporter') session.supporterChoice = message.access;
      else if (session.role === 'supporter' && message.by === 'host') session.hostGrant = message.access;
      else return;
      eventLog.appendIfLogging(session.requestId, {
        kind: 'control',
        data: { access: message.access, by: message.by },
      });
      registry.changed(session);
      return;
    }
    if (message.kind === 'consent-facts' && session.role === 'host') consent.onFacts(session, message);
    if (message.kind === 'foreground' && session.role === 'supporter') {
      eventLog.appendIfLogging(session.requestId, {
        kind: 'foreground',
        data: { app: message.app, title: message.title },
      });
    }
    if (message.kind === 'consent-state' && session.role === 'supporter') consent.onState(session, message);
  }

  /**
   * From the local renderer's simple-peer: own SDP only, relayed only to a partner that proved the
   * password. The supporter's window prepares its peer connection as the handshake starts, so the
   * offer and ICE gathering are done by the time the host accepts: what it says before the host
   * is verified waits here (a wrong password sends nothing), then goes to the host, whose core
   * holds it until its end user accepts (`onPeerMessage`, `SessionRegistry.releaseHeldSignals`).
   */
  signal(requestId: string, signal: PeerSignal): void {
    const session = this.registry.get(requestId);
    const preparing = session.role === 'supporter' && session.state === 'authenticating';
    const hostVerified = session.role === 'supporter' && session.state === 'awaiting_answer';
    if (!preparing && !hostVerified && session.state !== 'connecting' && session.state !== 'active') {
      throw new TandemError('invalid_request', 'This session is not connecting.');
    }
    if ('sdp' in signal && sdpFingerprint(signal.sdp) !== session.fingerprints.local) {
      throw new TandemError('invalid_request', 'This SDP does not carry the certificate this session was bound to.');
    }
    if (!preparing) return this.registry.relay(session, { kind: 'signal', signal });
    if (session.heldSignals.length >= MAX_HELD_SIGNALS) {
      throw new TandemError('invalid_request', 'This session holds too many signals for a host not yet verified.');
    }
    session.heldSignals.push(signal);
  }

  /** The local renderer reports the WebRTC connection up. */
  mediaConnected(requestId: string): SessionView {
    const session = this.registry.get(requestId);
    if (session.state === 'connecting') {
      session.state = 'active';
      this.registry.changed(session);
    }
    return session.view();
  }

  /** RS-6: the host revokes or grants control; the supporter switches to view only and back. */
  setAccess(requestId: string, access: Access): SessionView {
    const { registry } = this;
    const session = registry.get(requestId);
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
    registry.relay(session, { kind: 'control', access, by: session.role });
    registry.options.eventLog.appendIfLogging(session.requestId, {
      kind: 'control',
      data: { access, by: session.role },
    });
    registry.changed(session);
    return session.view();
  }

  /**
   * RS-6: input reaches the injector only while the session is active and control is granted,
   * and only in `seq` order (a stale or duplicate frame is dropped). Release-all always passes.
   */
  input(requestId: string, event: InputEvent, seq?: number): { injected: boolean; reason: string | null } {
    const session = this.registry.find(requestId);
    if (!session || session.role !== 'host') return { injected: false, reason: 'no such session' };
    if (event.type === 'release-all') {
      this.releaseInput(requestId);
      return { injected: true, reason: null };
    }
    if (session.state !== 'active') return { injected: false, reason: 'session not active' };
    if (session.access !== 'full') return { injected: false, reason: 'control not granted' };
    const { injector, log } = this.registry.options;
    if (injector.unavailableReason) return { injected: false, reason: injector.unavailableReason };
    let held = this.#held.get(requestId);
    if (!held) this.#held.set(requestId, (held = new HeldInput(injector)));
    try {
      if (!held.apply(event, seq)) return { injected: false, reason: 'stale' };
      return { injected: true, reason: null };
    } catch (error) {
      log.warn({ err: (error as Error).message, type: event.type }, 'input injection failed');
      return { injected: false, reason: 'injection failed' };
    }
  }

  end(requestId: string, reason?: EndReason): SessionView {
    const session = this.registry.get(requestId);
    if (session.open) {
      if (session.state === 'authenticating' && session.role === 'supporter') {
        this.registry.relay(session, { kind: 'auth-abort', reason: 'cancelled' });
      }
      this.registry.end(session, reason ?? (session.role === 'host' ? 'ended_by_host' : 'ended_by_supporter'), true);
    }
    return session.view();
  }

  /**
   * The renderer's peer connection closed and nobody here ended the session. When the partner
   * ended it, their side closed the connection first and the hub's `ended` follows — through
   * Redis when the two apps are on different endpoint instances, so it may arrive later: wait
   * for it a little (their end is what the user reads and what is recorded), else the
   * connection was lost.
   */
  linkClosed(requestId: string): SessionView {
    const session = this.registry.get(requestId);
    // The supporter's connection prepared during the handshake failed: none could follow it.
    if (session.role === 'supporter' && (session.state === 'authenticating' || session.state === 'awaiting_answer')) {
      return this.end(requestId, 'connection_lost');
    }
    // Only the first report counts: a later one must not push the end further out.
    if ((session.state === 'connecting' || session.state === 'active') && !session.timer) {
      this.registry.arm(session, PARTNER_END_WAIT_MS, () => this.registry.end(session, 'connection_lost', true));
    }
    return session.view();
  }

  /**
   * The window that held the sessions' WebRTC connections is gone (tab closed, renderer crashed):
   * those sessions cannot continue, so they end now rather than when the network notices.
   */
  windowGone(): void {
    for (const session of this.registry.all()) {
      if (session.open) this.registry.end(session, 'connection_lost', true);
    }
  }

  close(): void {
    for (const session of this.registry.all()) {
      if (session.open) this.end(session.requestId, session.role === 'host' ? 'ended_by_host' : 'ended_by_supporter');
    }
  }

  /** The hub ended the request (the partner left, or it expired). */
  onHubEnded(message: Extract<ServerMessage, { type: 'ended' }>): void {
    const session = this.registry.find(message.requestId);
    if (!session?.open) return;
    if (
      session.role === 'supporter' &&
      !session.failure &&
      session.state !== 'connecting' &&
      session.state !== 'active'
    ) {
      session.failure = { code: message.reason === 'denied' ? 'denied' : 'timeout', retryAfterMs: null };
    }
    this.registry.end(session, message.reason, false);
  }

  /** The hub refused a request of ours. */
  onHubError(message: Extract<ServerMessage, { type: 'error' }>): void {
    const session = message.requestId ? this.registry.find(message.requestId) : undefined;
    if (!session?.open) return;
    // A running session's media flows between the peers: a relay the hub could not hand over
    // (the partner's signaling is moving to another instance, or reconnecting) ends nothing. The
    // partner's end, or the connection closing, still does.
    if (session.state === 'active' && message.code === 'partner_offline') {
      this.registry.options.log.warn({ requestId: session.requestId }, 'a relay did not reach the partner');
      return;
    }
    // The hub no longer knows a running session's request: the partner ended it, and the hub's
    // `ended` (saying who) is on its way — through Redis from another instance it can come after
    // the hub refused a relay of ours (a screen list, a candidate). Wait for it as when the
    // connection closes; if it never comes (this side's signaling was away when it was sent),
    // the session was lost — it was not refused.
    if ((session.state === 'active' || session.state === 'connecting') && message.code === 'unknown_request') {
      this.registry.options.log.warn({ requestId: session.requestId }, 'the hub no longer knows a running session');
      if (!session.timer) {
        this.registry.arm(session, PARTNER_END_WAIT_MS, () => this.registry.end(session, 'connection_lost', false));
      }
      return;
    }
    // `busy`: the hub refuses a request when the host already has too many waiting; the help
    // codes: it refused a help connection's grant, or its help session is gone.
    const told = [
      'partner_offline',
      'rate_limited',
      'busy',
      'forbidden',
      'help_grant_invalid',
      'help_grant_expired',
      'help_session_gone',
    ] as const;
    const code = told.find((known) => known === message.code) ?? 'partner_offline';
    this.registry.fail(session, { code, retryAfterMs: message.retryAfterMs ?? null }, null);
  }
}
