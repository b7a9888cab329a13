import type { SessionEventInput } from '../../../src-shared/domain/consent';
import type { SessionView } from '../../../src-shared/domain/session';
import { peerMessageSchema, type PeerMessage, type PeerSignal } from '../../../src-shared/signaling/peerMessages';
import type { Access, EndReason, ServerMessage } from '../../../src-shared/signaling/protocol';
import type { InputEvent } from '../../../src-shared/session/inputEvents';
import { HostHandshake } from './host/hostHandshake';
import { IncomingPrompt } from './host/incomingPrompt';
import { IncomingRequests, type CodeLookup } from './host/incomingRequests';
import { HubRequests } from './hubRequests';
import { RunningSession } from './runningSession';
import { isScreenMessage, ScreenSwitch } from './screenSwitch';
import type { Session } from './session';
import { SessionInsights } from './sessionInsights';
import { SessionRegistry, type SessionServiceOptions } from './sessionRegistry';
import { OutgoingRequests } from './supporter/outgoingRequests';
import { SupporterHandshake } from './supporter/supporterHandshake';

export type { SessionServiceOptions } from './sessionRegistry';

type PeerMessageHandler = (session: Session, message: PeerMessage) => void;

/**
 * Remote sessions in the main core, for both roles: the end-to-end password handshake, the
 * incoming-connection prompt, access control, signaling relay bound to the authenticated DTLS
 * fingerprints, and the checks every remote input passes before injection.
 *
 * This class is the one face the core sees; the work lives by role (`host/`, `supporter/`) and,
 * once a session is accepted, in `runningSession.ts`. Here the hub's messages are routed to them.
 */
export class SessionService {
  readonly #registry: SessionRegistry;
  readonly #hub: HubRequests;
  readonly #running: RunningSession;
  readonly #insights: SessionInsights;
  readonly #screens: ScreenSwitch;
  readonly #prompt: IncomingPrompt;
  readonly #hostHandshake: HostHandshake;
  readonly #incoming: IncomingRequests;
  readonly #supporterHandshake: SupporterHandshake;
  readonly #outgoing: OutgoingRequests;

  constructor(options: SessionServiceOptions) {
    this.#registry = new SessionRegistry(options);
    this.#hub = new HubRequests(options.signaling);
    this.#running = new RunningSession(this.#registry);
    this.#insights = new SessionInsights(this.#registry);
    this.#screens = new ScreenSwitch(this.#registry, options.screens);
    this.#prompt = new IncomingPrompt(this.#registry);
    this.#hostHandshake = new HostHandshake(this.#registry, this.#prompt);
    this.#incoming = new IncomingRequests(this.#registry, this.#hub, this.#hostHandshake);
    this.#supporterHandshake = new SupporterHandshake(this.#registry);
    this.#outgoing = new OutgoingRequests(this.#registry, this.#hub, this.#supporterHandshake);
    options.signaling.on('message', (message) => this.#onHub(message));
  }

  /** The renderer's WebRTC certificate fingerprint, made before any session. */
  registerEndpoint(fingerprint: string): void {
    this.#registry.localFingerprint = fingerprint;
  }

  list(): SessionView[] {
    return this.#registry.all().map((session) => session.view());
  }

  get(requestId: string): Session {
    return this.#registry.get(requestId);
  }

  windowGone(): void {
    this.#running.windowGone();
  }

  close(): void {
    this.#running.close();
  }

  // ---- supporter ------------------------------------------------------------------------------

  connect(request: {
    partnerId: string;
    password?: string | undefined;
    remember?: boolean | undefined;
    access: Access;
  }): Promise<SessionView> {
    return this.#outgoing.connect(request);
  }

  connectHelp(
    request: ({ code: string } | { helpSessionId: string; reason?: string | undefined }) & { access: Access },
  ): Promise<SessionView> {
    return this.#outgoing.connectHelp(request);
  }

  createCode(access: Access): Promise<{ code: string; expiresAt: string }> {
    return this.#outgoing.createCode(access);
  }

  // ---- host -----------------------------------------------------------------------------------

  lookupCode(code: string): Promise<CodeLookup> {
    return this.#incoming.lookupCode(code);
  }

  joinCode(code: string): Promise<SessionView> {
    return this.#incoming.joinCode(code);
  }

  answerPrompt(requestId: string, accept: boolean, access?: Access): SessionView {
    return this.#prompt.answer(requestId, accept, access);
  }

  // ---- both sides, once accepted -----------------------------------------------------------------

  signal(requestId: string, signal: PeerSignal): void {
    this.#running.signal(requestId, signal);
  }

  mediaConnected(requestId: string): SessionView {
    const session = this.#registry.get(requestId);
    const starting = session.state === 'connecting';
    const view = this.#running.mediaConnected(requestId);
    // Host: the picture runs; the supporter learns which monitors it may switch between.
    if (starting && session.role === 'host') {
      this.#screens.announce(session).catch((error: unknown) => {
        this.#registry.options.log.warn({ requestId, err: (error as Error).message }, 'monitors could not be listed');
      });
    }
    return view;
  }

  switchScreen(requestId: string, id: string): Promise<SessionView> {
    return this.#screens.request(requestId, id);
  }

  setAccess(requestId: string, access: Access): SessionView {
    return this.#running.setAccess(requestId, access);
  }

  input(requestId: string, event: InputEvent, seq?: number): { injected: boolean; reason: string | null } {
    return this.#running.input(requestId, event, seq);
  }

  end(requestId: string, reason?: EndReason): SessionView {
    return this.#running.end(requestId, reason);
  }

  linkClosed(requestId: string): SessionView {
    return this.#running.linkClosed(requestId);
  }

  answerConsent(requestId: string, allow: boolean): SessionView {
    return this.#insights.answerConsent(requestId, allow);
  }

  withdrawConsent(requestId: string): SessionView {
    return this.#insights.withdrawConsent(requestId);
  }

  recordEvent(requestId: string, event: SessionEventInput): { logged: boolean } {
    return this.#insights.recordEvent(requestId, event);
  }

  shareForeground(requestId: string, window: { app: string; title: string }): void {
    this.#insights.shareForeground(requestId, window);
  }

  loggedHostSessions(): string[] {
    return this.#insights.loggedHostSessions();
  }

  isLogging(requestId: string): boolean {
    return this.#insights.isLogging(requestId);
  }

  // ---- the hub's messages -----------------------------------------------------------------------

  #onHub(message: ServerMessage): void {
    if (this.#hub.accept(message)) return;
    switch (message.type) {
      case 'incoming':
        return this.#incoming.onIncoming(message);
      case 'code-joined':
        return this.#outgoing.onCodeJoined(message);
      case 'relay':
        return this.#onRelay(message);
      case 'ended':
        return this.#running.onHubEnded(message);
      case 'error':
        return this.#running.onHubError(message);
    }
  }

  /** A message from the partner: checked, then to this side's handshake or the running session. */
  #onRelay(message: Extract<ServerMessage, { type: 'relay' }>): void {
    const session = this.#registry.find(message.requestId);
    const parsed = peerMessageSchema.safeParse(message.payload);
    if (!session || !parsed.success) {
      this.#registry.options.log.warn(
        { requestId: message.requestId },
        'peer message refused: unknown session or malformed',
      );
      return;
    }
    if (isScreenMessage(parsed.data)) {
      this.#screens.onPeerMessage(session, parsed.data);
      return;
    }
    const handshake = session.role === 'supporter' ? this.#supporterHandshake : this.#hostHandshake;
    // The table pairs each kind with its own message type; indexing by a union kind loses that.
    const handle = handshake.peerMessages[parsed.data.kind] as PeerMessageHandler | undefined;
    if (handle) handle(session, parsed.data);
    else this.#running.onPeerMessage(session, parsed.data);
  }
}
