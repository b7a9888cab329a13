import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { Instance as PeerInstance, SignalData } from 'simple-peer';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { sdpFingerprint } from '../../../src-shared/signaling/peerMessages';
import {
  CALL_REJOIN_MS,
  callServerFrameSchema,
  VIDEO_CALL_PATH,
  VIDEO_CALL_REFUSED,
  VIDEO_SOCKET_SIGNED_OUT,
  type CallRole,
  type CallServerFrame,
  type CallSignal,
} from '../../../src-shared/video/live';
import {
  STROKE_TTL_MS,
  TOOL_MESSAGE_MAX,
  TOOLS_CHANNEL,
  toolMessageSchema,
  type ToolMessage,
} from '../../../src-shared/video/tools';
import { callQuality, readStats, type CallQuality, type CallStats } from './callQuality';

/**
 * - joining: the socket is opening or the endpoint checks who joins;
 * - waiting: in the call, the other side is not (yet, or again after a drop);
 * - connecting: both in, the media connection is being made;
 * - connected: media flows (`recovering` while ICE restarts);
 * - reconnecting: this side's socket dropped and it rejoins (within CALL_REJOIN_MS);
 * - ended / refused / signed-out / failed: over, see `endedBy`, `refusal`, `failure`.
 */
export type CallPhase =
  'joining' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'refused' | 'signed-out' | 'failed';

export type CallRefusal = Extract<CallServerFrame, { type: 'call-refused' }>['code'];
export type CallEndedBy = Extract<CallServerFrame, { type: 'ended' }>['by'];
/** Why the call failed on this side: the camera or microphone was refused, the other side's certificate changed, the connection could not be kept. */
export type CallFailure = 'media' | 'certificate' | 'connection';

/** What a call UI renders; changes come through `store.subscribe` (or zustand's `useStore`). */
export interface CallView {
  phase: CallPhase;
  role: CallRole;
  peer: { role: CallRole; name: string } | null;
  /** This side's camera and microphone (the preview). */
  local: MediaStream | null;
  /** The other side's media. */
  remote: MediaStream | null;
  /** Whether the other side's video arrives now (the employee's camera is off by default). */
  remoteVideo: boolean;
  cameraOn: boolean;
  facing: 'environment' | 'user';
  muted: boolean;
  /** ICE is restarting on a running call. */
  recovering: boolean;
  quality: CallQuality | null;
  stats: CallStats | null;
  endedBy: CallEndedBy | 'self' | null;
  refusal: CallRefusal | null;
  failure: CallFailure | null;
  /** The camera could not be opened (the call goes on with sound). */
  cameraError: boolean;
  /** The tools channel to the other side is open: drawings, tracking and screenshots can be shared. */
  toolsOpen: boolean;
  /** How long this call's strokes take to fade (the company's setting, from the endpoint). */
  strokeTtlMs: number;
}

/** A tools message from the other side (already checked), with the other side's role. */
export type ToolListener = (message: ToolMessage, from: CallRole) => void;

export interface CallOptions {
  /** The endpoint's origin (`https://…`), or the full WebSocket URL of the call socket. */
  endpoint: string;
  /** The employee's bearer session or the code user's token. */
  token: string;
  sessionId: string;
  /** Which side this is: the code user's camera is on (rear where there is one), the employee's off. */
  role: CallRole;
  mediaDevices?: MediaDevices;
  /**
   * Opens the call socket; a browser's WebSocket by default. The desktop window may open no socket
   * to the endpoint, so its core carries the call socket (`src-renderer/video/relayedCallSocket.ts`).
   */
  openSocket?: (url: string) => WebSocket;
}

const RESTART_AFTER_MS = 2500;
const GIVE_UP_AFTER_MS = 60_000;
const REJOIN_EVERY_MS = 1000;

/** simple-peer's renegotiation, which its type declarations leave out. */
const negotiate = (peer: PeerInstance) => (peer as unknown as { negotiate(): void }).negotiate();

const callUrl = (endpoint: string) =>
  endpoint.startsWith('ws') ? endpoint : `${endpoint.replace(/^http/, 'ws').replace(/\/$/, '')}${VIDEO_CALL_PATH}`;

/**
 * One side of a video call (VS-5) in a browser: the call socket, the WebRTC connection (simple-peer)
 * and the camera and microphone. Plain TypeScript for the code user's page, the desktop renderer
 * and the web console alike; the UI reads `store` and calls the methods.
 *
 * The employee's camera is off by default: their first offer asks for the other side's video with a
 * receive-only transceiver and sends none. Turning a camera on or off puts the track on that
 * transceiver's sender and changes its direction, then renegotiates (simple-peer sends the
 * non-initiator's wish to renegotiate to the initiator). Switching between front and rear cameras
 * replaces the track on the running sender, without renegotiating.
 */
export class VideoCall {
  readonly store: StoreApi<CallView>;
  readonly #options: CallOptions;
  readonly #media: MediaDevices;
  #socket: WebSocket | null = null;
  #peer: PeerInstance | null = null;
  #pc: RTCPeerConnection | null = null;
  #iceServers: RTCIceServer[] = [];
  #iceTransportPolicy: RTCIceTransportPolicy = 'all';
  /** One certificate for the whole call: every connection of this side shows the fingerprint the endpoint pinned. */
  #certificate: RTCCertificate | null = null;
  #initiator = false;
  #audio: MediaStreamTrack | null = null;
  #video: MediaStreamTrack | null = null;
  /** The other side's DTLS fingerprint, pinned at the first description of this connection. */
  #remoteFingerprint: string | null = null;
  #certificateChecked = false;
  #started = false;
  #joinedOnce = false;
  /** The other side's socket dropped (it may come back within the window). */
  #peerAway = false;
  /** The other side came back while the connection still ran: its next offer may start a new one. */
  #expectFresh = false;
  #droppedAt: number | null = null;
  #ending = false;
  #over = false;
  #statsTimer: ReturnType<typeof setInterval> | null = null;
  #restartTimer: ReturnType<typeof setTimeout> | null = null;
  #rejoinTimer: ReturnType<typeof setTimeout> | null = null;
  #brokenSince: number | null = null;
  #counters: { packetsReceived: number; packetsLost: number } | null = null;
  #tools: RTCDataChannel | null = null;
  readonly #toolListeners = new Set<ToolListener>();

  constructor(options: CallOptions) {
    this.#options = options;
    this.#media = options.mediaDevices ?? navigator.mediaDevices;
    this.store = createStore<CallView>(() => ({
      phase: 'joining',
      role: options.role,
      peer: null,
      local: null,
      remote: null,
      remoteVideo: false,
      cameraOn: options.role === 'code-user',
      facing: options.role === 'code-user' ? 'environment' : 'user',
      muted: false,
      recovering: false,
      quality: null,
      stats: null,
      endedBy: null,
      refusal: null,
      failure: null,
      cameraError: false,
      toolsOpen: false,
      strokeTtlMs: STROKE_TTL_MS.default,
    }));
  }

  get view(): CallView {
    return this.store.getState();
  }

  /** The connection (tests and the benchmark read its statistics). */
  get connection(): RTCPeerConnection | null {
    return this.#pc;
  }

  /** Opens the camera (code user) and the microphone, then joins the call (once: later calls do nothing). */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#certificate = await RTCPeerConnection.generateCertificate({
      name: 'ECDSA',
      namedCurve: 'P-256',
    } as EcKeyGenParams);
    await this.#openMedia();
    if (this.#over) return;
    this.#open();
  }

  setMuted(muted: boolean): void {
    if (this.#audio) this.#audio.enabled = !muted;
    this.#set({ muted });
  }

  /** Turns this side's camera on or off on the running call. */
  async setCamera(on: boolean): Promise<void> {
    if (on === this.view.cameraOn && (on ? this.#video : !this.#video)) return;
    if (on) {
      const track = await this.#cameraTrack(this.view.facing);
      if (!track) return;
      this.#video = track;
    } else {
      this.#video?.stop();
      this.#video = null;
    }
    this.#set({ cameraOn: on, local: this.#localStream() });
    await this.#sendVideo(true);
  }

  /** The other camera (rear ↔ front), in place on the running sender. */
  async switchCamera(): Promise<void> {
    const facing = this.view.facing === 'environment' ? 'user' : 'environment';
    this.#set({ facing });
    if (!this.#video) return;
    // A phone may not open two cameras at once: let the old one go first.
    this.#video.stop();
    this.#video = await this.#cameraTrack(facing);
    this.#set({ local: this.#localStream(), cameraOn: this.#video !== null });
    await this.#sendVideo(false);
  }

  /**
   * New ICE candidates on the running connection (the network changed), as remote sessions restart
   * ICE: the initiator offers with new credentials; the other side asks it to renegotiate.
   */
  restartIce(): void {
    if (!this.#pc || !this.#peer) return;
    this.#pc.restartIce();
    negotiate(this.#peer);
  }

  /**
   * Sends a tools message to the other side (VS-6); false when the tools channel is not open (the
   * message is not queued: a drawing made while the connection is down is not replayed later).
   */
  sendTool(message: ToolMessage): boolean {
    const channel = this.#tools;
    if (channel?.readyState !== 'open') return false;
    const text = JSON.stringify(message);
    if (text.length > TOOL_MESSAGE_MAX)
      throw new Error(`A tools message of ${text.length} characters is over the limit`);
    channel.send(text);
    return true;
  }

  /** Listens to the other side's tools messages; returns the function that stops listening. */
  onTool(listener: ToolListener): () => void {
    this.#toolListeners.add(listener);
    return () => this.#toolListeners.delete(listener);
  }

  /** Ends the call for both sides (DONE); before the other side came, just leaves it. */
  end(): void {
    this.#ending = true;
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify({ type: 'end' }));
    else this.#finish({ phase: 'ended', endedBy: 'self' });
  }

  /** Lets everything go (the UI unmounts); the endpoint counts it as a drop, not an end. */
  close(): void {
    this.#finish({});
  }

  #set(change: Partial<CallView>): void {
    this.store.setState(change);
  }

  async #openMedia(): Promise<void> {
    try {
      this.#audio = (await this.#media.getUserMedia({ audio: true })).getAudioTracks()[0] ?? null;
    } catch {
      this.#audio = null;
    }
    if (this.view.cameraOn) this.#video = await this.#cameraTrack(this.view.facing);
    if (!this.#audio && !this.#video && this.#options.role === 'code-user') {
      return this.#finish({ phase: 'failed', failure: 'media' });
    }
    this.#set({ local: this.#localStream(), cameraOn: this.#video !== null });
  }

  async #cameraTrack(facing: 'environment' | 'user'): Promise<MediaStreamTrack | null> {
    try {
      const stream = await this.#media.getUserMedia({
        video: { facingMode: { ideal: facing }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
      this.#set({ cameraError: false });
      return stream.getVideoTracks()[0] ?? null;
    } catch {
      this.#set({ cameraError: true });
      return null;
    }
  }

  #localStream(): MediaStream | null {
    const tracks = [this.#audio, this.#video].filter((track): track is MediaStreamTrack => track !== null);
    return tracks.length > 0 ? new MediaStream(tracks) : null;
  }

  #open(): void {
    const socket = (this.#options.openSocket ?? ((url: string) => new WebSocket(url)))(callUrl(this.#options.endpoint));
    this.#socket = socket;
    socket.onopen = () =>
      socket.send(JSON.stringify({ type: 'join', token: this.#options.token, sessionId: this.#options.sessionId }));
    socket.onmessage = (event) => {
      let frame: CallServerFrame;
      try {
        frame = callServerFrameSchema.parse(JSON.parse(String(event.data)));
      } catch {
        return;
      }
      this.#onFrame(frame);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#onSocketClosed(event.code);
    };
  }

  #onFrame(frame: CallServerFrame): void {
    switch (frame.type) {
      case 'joined':
        this.#joinedOnce = true;
        this.#droppedAt = null;
        this.#iceServers = frame.iceServers;
        this.#iceTransportPolicy = frame.iceTransportPolicy ?? 'all';
        this.#peerAway = frame.peer === null;
        this.#set({ strokeTtlMs: frame.strokeTtlMs });
        // Back after this side's socket dropped: media that kept flowing meanwhile goes on as it is.
        if (frame.peer && this.#mediaFlows()) return this.#set({ peer: frame.peer, phase: 'connected' });
        this.#dropPeer();
        this.#set({ peer: frame.peer, phase: frame.peer ? 'connecting' : 'waiting' });
        if (frame.initiator) this.#makePeer(true);
        return;
      case 'peer-joined':
        this.#peerAway = false;
        this.#set({ peer: frame.peer, recovering: false });
        // The other side may still hold the running connection (only its socket dropped): keep it
        // until an offer shows it started a new one (another certificate).
        if (this.#mediaFlows()) {
          this.#expectFresh = true;
          return;
        }
        this.#dropPeer();
        this.#set({ phase: 'connecting' });
        this.#makePeer(false);
        return;
      case 'peer-left':
        // Its socket dropped; the media between the two may still flow (and ends when it does not).
        this.#peerAway = true;
        if (this.#mediaFlows()) this.#set({ recovering: true });
        else {
          this.#dropPeer();
          this.#set({ phase: 'waiting' });
        }
        return;
      case 'signal':
        return this.#onSignal(frame.signal);
      case 'ended':
        return this.#finish({ phase: 'ended', endedBy: frame.by });
      case 'call-refused':
        return this.#finish({ phase: 'refused', refusal: frame.code });
    }
  }

  #onSocketClosed(code: number): void {
    if (this.#over) return;
    if (code === VIDEO_SOCKET_SIGNED_OUT) return this.#finish({ phase: 'signed-out' });
    if (code === VIDEO_CALL_REFUSED) return this.#finish({ phase: 'refused' });
    if (this.#ending || !this.#joinedOnce) {
      return this.#finish(
        this.#ending ? { phase: 'ended', endedBy: 'self' } : { phase: 'failed', failure: 'connection' },
      );
    }
    // Dropped: the endpoint keeps this side's place for CALL_REJOIN_MS.
    this.#droppedAt ??= Date.now();
    if (Date.now() - this.#droppedAt > CALL_REJOIN_MS) return this.#finish({ phase: 'failed', failure: 'connection' });
    this.#set({ phase: 'reconnecting' });
    this.#rejoinTimer = setTimeout(() => this.#open(), REJOIN_EVERY_MS);
  }

  #send(signal: CallSignal): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify({ type: 'signal', signal }));
  }

  #makePeer(initiator: boolean): void {
    this.#initiator = initiator;
    this.#remoteFingerprint = null;
    this.#certificateChecked = false;
    this.#counters = null;
    const tracks = [this.#audio, this.#video].filter((track): track is MediaStreamTrack => track !== null);
    const peer = new SimplePeer({
      initiator,
      trickle: true,
      config: {
        iceServers: this.#iceServers,
        iceTransportPolicy: this.#iceTransportPolicy,
        ...(this.#certificate ? { certificates: [this.#certificate] } : {}),
      },
      ...(tracks.length > 0 ? { stream: new MediaStream(tracks) } : {}),
    });
    const pc = (peer as unknown as { _pc: RTCPeerConnection })._pc;
    this.#peer = peer;
    this.#pc = pc;
    // Without a camera this side still asks for the other's video — and sends none of its own.
    if (initiator && !this.#video) pc.addTransceiver('video', { direction: 'recvonly' });
    if (initiator && !this.#audio) pc.addTransceiver('audio', { direction: 'recvonly' });
    this.#openTools(pc);
    this.#keepAliveOnFailure(peer, pc);
    peer.on('signal', (data: SignalData) => this.#send(data as CallSignal));
    peer.on('connect', () => this.#set({ phase: 'connected' }));
    peer.on('track', () => this.#updateRemote(pc));
    peer.on('close', () => this.#peerGone(peer));
    peer.on('error', () => this.#peerGone(peer));
    pc.addEventListener('iceconnectionstatechange', () => this.#watchIce(pc));
    this.#statsTimer = setInterval(() => void this.#collectStats(pc), 1000);
  }

  /** The tools channel (negotiated: both sides open it with the same id, no extra signalling). */
  #openTools(pc: RTCPeerConnection): void {
    const channel = pc.createDataChannel(TOOLS_CHANNEL.label, { negotiated: true, ...TOOLS_CHANNEL });
    this.#tools = channel;
    const from: CallRole = this.#options.role === 'employee' ? 'code-user' : 'employee';
    channel.onopen = () => {
      if (this.#tools === channel) this.#set({ toolsOpen: true });
    };
    channel.onclose = () => {
      if (this.#tools === channel) this.#set({ toolsOpen: false });
    };
    channel.onmessage = (event) => {
      if (typeof event.data !== 'string' || event.data.length > TOOL_MESSAGE_MAX) return;
      let parsed: ReturnType<typeof toolMessageSchema.safeParse>;
      try {
        parsed = toolMessageSchema.safeParse(JSON.parse(event.data));
      } catch {
        return;
      }
      if (!parsed.success) return;
      for (const listener of this.#toolListeners) listener(parsed.data, from);
    };
  }

  /** The other side's tracks as one stream; its video counts as on while frames arrive (unmuted). */
  #updateRemote(pc: RTCPeerConnection): void {
    const tracks = pc.getReceivers().map((receiver) => receiver.track);
    const video = tracks.find((track) => track.kind === 'video');
    const update = () => this.#set({ remoteVideo: video !== undefined && !video.muted && video.readyState === 'live' });
    if (video) {
      video.onmute = update;
      video.onunmute = update;
      video.onended = update;
    }
    this.#set({ remote: new MediaStream(tracks) });
    update();
  }

  /** Whether the connection with the other side is up now. */
  #mediaFlows(): boolean {
    return this.#peer !== null && this.#pc?.connectionState === 'connected';
  }

  #onSignal(signal: CallSignal): void {
    if (signal.type === 'offer' && this.#expectFresh) {
      this.#expectFresh = false;
      // The other side rejoined with a new connection: this side's old one gives way.
      if (sdpFingerprint(signal.sdp) !== this.#remoteFingerprint) {
        this.#dropPeer();
        this.#set({ phase: 'connecting' });
      }
    }
    if (!this.#peer) this.#makePeer(false);
    if (signal.type === 'offer' || signal.type === 'answer') {
      // The other side's certificate is bound for this connection at its first description.
      const fingerprint = sdpFingerprint(signal.sdp);
      this.#remoteFingerprint ??= fingerprint;
      if (fingerprint === null || fingerprint !== this.#remoteFingerprint) {
        return this.#finish({ phase: 'failed', failure: 'certificate' });
      }
    }
    this.#peer!.signal(signal as SignalData);
  }

  /** Puts the camera's track (or none) on the video transceiver's sender; renegotiates when its direction changes. */
  async #sendVideo(mayRenegotiate: boolean): Promise<void> {
    const pc = this.#pc;
    const peer = this.#peer;
    if (!pc || !peer) return;
    const transceiver = pc.getTransceivers().find((candidate) => candidate.receiver.track.kind === 'video');
    if (!transceiver) return;
    await transceiver.sender.replaceTrack(this.#video);
    const direction: RTCRtpTransceiverDirection = this.#video ? 'sendrecv' : 'recvonly';
    if (transceiver.direction === direction || !mayRenegotiate) return;
    transceiver.direction = direction;
    if (this.#video) transceiver.sender.setStreams?.(new MediaStream([this.#video]));
    negotiate(peer);
  }

  #peerGone(peer: PeerInstance): void {
    if (this.#peer !== peer) return;
    this.#dropPeer();
    if (!this.#over && this.view.phase === 'connected') this.#set({ phase: this.#peerAway ? 'waiting' : 'connecting' });
  }

  #dropPeer(): void {
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#statsTimer = null;
    this.#restartTimer = null;
    this.#brokenSince = null;
    const peer = this.#peer;
    this.#peer = null;
    this.#pc = null;
    this.#tools = null;
    peer?.destroy();
    this.#set({ remote: null, remoteVideo: false, quality: null, stats: null, recovering: false, toolsOpen: false });
  }

  /** As remote sessions do (src-renderer/session/peerLink.ts): keep a failed ICE connection and restart it. */
  #keepAliveOnFailure(peer: PeerInstance, pc: RTCPeerConnection): void {
    const internals = peer as unknown as { _onIceStateChange(): void; _onConnectionStateChange(): void };
    const onIce = internals._onIceStateChange.bind(peer);
    const onConnection = internals._onConnectionStateChange.bind(peer);
    internals._onIceStateChange = () => {
      if (pc.iceConnectionState !== 'failed') onIce();
    };
    internals._onConnectionStateChange = () => {
      if (pc.connectionState !== 'failed') onConnection();
    };
  }

  #watchIce(pc: RTCPeerConnection): void {
    if (pc !== this.#pc) return;
    const state = pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') {
      if (this.#restartTimer) clearTimeout(this.#restartTimer);
      this.#restartTimer = null;
      this.#brokenSince = null;
      this.#set({ recovering: false });
      return;
    }
    if (state !== 'disconnected' && state !== 'failed') return;
    this.#brokenSince ??= Date.now();
    this.#set({ recovering: true });
    this.#scheduleRestart(pc);
  }

  /** Only the initiator restarts ICE (never two offers at once), until the connection is back or given up. */
  #scheduleRestart(pc: RTCPeerConnection): void {
    if (this.#restartTimer || this.#over) return;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      if (pc !== this.#pc) return;
      const state = pc.iceConnectionState;
      if (state === 'connected' || state === 'completed') return;
      if (this.#brokenSince !== null && Date.now() - this.#brokenSince > GIVE_UP_AFTER_MS) {
        return this.#finish({ phase: 'failed', failure: 'connection' });
      }
      if (this.#initiator) this.restartIce();
      this.#scheduleRestart(pc);
    }, RESTART_AFTER_MS);
  }

  async #collectStats(pc: RTCPeerConnection): Promise<void> {
    if (pc !== this.#pc || this.#over) return;
    const report = await pc.getStats();
    if (pc !== this.#pc) return;
    if (!this.#certificateChecked && !this.#checkCertificate(report)) {
      return this.#finish({ phase: 'failed', failure: 'certificate' });
    }
    const { stats, counters } = readStats(report, this.#counters);
    this.#counters = counters;
    this.#set({ stats, quality: this.view.phase === 'connected' ? callQuality(stats) : null });
  }

  /** The DTLS certificate the other side presents must be the one its first description named. */
  #checkCertificate(report: RTCStatsReport): boolean {
    let certificateId: string | undefined;
    report.forEach((entry: Record<string, unknown>) => {
      if (entry.type === 'transport' && typeof entry.remoteCertificateId === 'string') {
        certificateId = entry.remoteCertificateId;
      }
    });
    if (!certificateId) return true;
    const certificate = report.get(certificateId) as
      { fingerprint?: string; fingerprintAlgorithm?: string } | undefined;
    if (!certificate?.fingerprint || !certificate.fingerprintAlgorithm) return true;
    this.#certificateChecked = true;
    const presented = `${certificate.fingerprintAlgorithm.toLowerCase()} ${certificate.fingerprint.toUpperCase()}`;
    return presented === this.#remoteFingerprint;
  }

  #finish(change: Partial<CallView>): void {
    if (this.#over) return;
    this.#over = true;
    if (this.#rejoinTimer) clearTimeout(this.#rejoinTimer);
    this.#dropPeer();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'left');
    this.#audio?.stop();
    this.#video?.stop();
    this.#set({ ...change, local: null, recovering: false });
  }
}
