import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { Instance as PeerInstance, SignalData } from 'simple-peer';
import { decodeControl, decodeInputFrame } from '../../src-shared/session/channelCodec';
import type { ControlMessage } from '../../src-shared/session/controlMessages';
import { isUnreliableInput, type InputFrame } from '../../src-shared/session/inputEvents';
import type { PeerSignal } from '../../src-shared/signaling/peerMessages';
import type { IceServer } from '../../src-shared/signaling/protocol';
import { withStartBitrate } from './startBitrate';

export interface LinkStats {
  roundTripMs: number | null;
  fps: number | null;
  bitrateKbps: number | null;
  framesDecoded: number | null;
  /** Whether the connection goes directly between the peers or through a TURN relay. */
  route: 'direct' | 'relay' | null;
}

export interface PeerLinkHandlers {
  signal(signal: PeerSignal): void;
  connected(): void;
  closed(reason: string): void;
  stream?(stream: MediaStream): void;
  control?(message: ControlMessage): void;
  input?(frame: InputFrame): void;
  /** The reliable input channel closed: whatever the partner held down will not be let go by it. */
  inputClosed?(): void;
  fileChunk?(transferId: Uint8Array, data: Uint8Array): void;
  stats?(stats: LinkStats): void;
  /** The connection is being repaired (ICE restart) or is back. */
  recovering?(recovering: boolean): void;
}

/**
 * Data channels beside simple-peer's own (used for `control`), negotiated out of band by id.
 * Pointer moves go unordered without retransmits (the next move makes up for a lost one, none
 * waits); key and button transitions, wheel and text go ordered and reliably, so no key-up is lost.
 */
const INPUT_CHANNEL = { label: 'input', id: 10, ordered: false, maxRetransmits: 0 } as const;
const RELIABLE_INPUT_CHANNEL = { label: 'input-reliable', id: 12, ordered: true } as const;
const FILE_CHANNEL = { label: 'file', id: 11, ordered: true } as const;
const FILE_HIGH_WATER = 4 * 1024 * 1024;
const FILE_LOW_WATER = 1024 * 1024;
const SCREEN_MAX_BITRATE = 8_000_000;
const RESTART_AFTER_MS = 2500;
/** How long a broken connection may try to recover before the session is given up. */
const GIVE_UP_AFTER_MS = 60_000;

/**
 * One WebRTC connection to the partner, on simple-peer: the screen stream, the four data
 * channels (`control`, `input`, `input-reliable`, `file`), statistics, and ICE restart when the network changes.
 */
export class PeerLink {
  readonly #peer: PeerInstance;
  readonly #pc: RTCPeerConnection;
  readonly #input: RTCDataChannel;
  readonly #reliableInput: RTCDataChannel;
  readonly #file: RTCDataChannel;
  readonly #statsTimer: ReturnType<typeof setInterval>;
  #restartTimer: ReturnType<typeof setTimeout> | null = null;
  #brokenSince: number | null = null;
  #lastBytes: { at: number; bytes: number } | null = null;
  #closed = false;
  readonly #initiator: boolean;
  /** Host: the stream given to simple-peer; its video track is swapped when the screen changes. */
  readonly #stream: MediaStream | null;

  constructor(
    options: {
      initiator: boolean;
      iceServers: IceServer[];
      iceTransportPolicy: 'all' | 'relay';
      certificate: RTCCertificate;
      stream?: MediaStream;
    },
    private readonly handlers: PeerLinkHandlers,
  ) {
    this.#initiator = options.initiator;
    this.#stream = options.stream ?? null;
    this.#peer = new SimplePeer({
      initiator: options.initiator,
      trickle: true,
      config: {
        iceServers: options.iceServers,
        iceTransportPolicy: options.iceTransportPolicy,
        certificates: [options.certificate],
      },
      channelConfig: { ordered: true },
      sdpTransform: (sdp: string) => withStartBitrate(sdp),
      ...(options.stream ? { stream: options.stream } : {}),
    });
    this.#pc = (this.#peer as unknown as { _pc: RTCPeerConnection })._pc;
    this.#input = this.#pc.createDataChannel(INPUT_CHANNEL.label, { negotiated: true, ...INPUT_CHANNEL });
    this.#reliableInput = this.#pc.createDataChannel(RELIABLE_INPUT_CHANNEL.label, {
      negotiated: true,
      ...RELIABLE_INPUT_CHANNEL,
    });
    this.#file = this.#pc.createDataChannel(FILE_CHANNEL.label, { negotiated: true, ...FILE_CHANNEL });
    this.#file.binaryType = 'arraybuffer';
    this.#file.bufferedAmountLowThreshold = FILE_LOW_WATER;
    // The supporter receives the screen: ask for it in the first offer.
    if (options.initiator) this.#pc.addTransceiver('video', { direction: 'recvonly' });
    if (options.stream) this.#tuneScreenSenders(options.stream);

    this.#peer.on('signal', (data: SignalData) => handlers.signal(data as PeerSignal));
    this.#peer.on('connect', () => handlers.connected());
    this.#peer.on('stream', (stream: MediaStream) => handlers.stream?.(stream));
    this.#peer.on('data', (data: Uint8Array) => this.#onControl(data));
    this.#peer.on('close', () => this.#finish('closed'));
    this.#peer.on('error', (error: Error & { code?: string }) => this.#finish(error.code ?? error.message));
    this.#input.onmessage = (event) => this.#onInput(event.data, false);
    this.#reliableInput.onmessage = (event) => this.#onInput(event.data, true);
    this.#reliableInput.onclose = () => handlers.inputClosed?.();
    this.#file.onmessage = (event) => {
      if (!(event.data instanceof ArrayBuffer) || event.data.byteLength < 16) return;
      const bytes = new Uint8Array(event.data);
      handlers.fileChunk?.(bytes.subarray(0, 16), bytes.subarray(16));
    };
    this.#keepAliveOnFailure();
    this.#pc.addEventListener('iceconnectionstatechange', () => this.#watchIce());
    this.#statsTimer = setInterval(() => void this.#collectStats(), 1000);
  }

  signal(signal: PeerSignal): void {
    if (!this.#closed) this.#peer.signal(signal as SignalData);
  }

  sendControl(message: ControlMessage): void {
    if (this.#peer.connected) this.#peer.send(JSON.stringify(message));
  }

  sendInput(frame: InputFrame): boolean {
    const channel = isUnreliableInput(frame.event) ? this.#input : this.#reliableInput;
    if (channel.readyState !== 'open') return false;
    channel.send(JSON.stringify(frame));
    return true;
  }

  /** Sends one chunk, waiting while the channel's buffer is full (back-pressure). */
  async sendFileChunk(transferId: Uint8Array, data: Uint8Array): Promise<void> {
    while (this.#file.bufferedAmount > FILE_HIGH_WATER) {
      if (this.#file.readyState !== 'open') throw new Error('the file channel closed');
      await new Promise<void>((resolve) => {
        this.#file.addEventListener('bufferedamountlow', () => resolve(), { once: true });
        this.#file.addEventListener('close', () => resolve(), { once: true });
      });
    }
    if (this.#file.readyState !== 'open') throw new Error('the file channel closed');
    const frame = new Uint8Array(16 + data.byteLength);
    frame.set(transferId, 0);
    frame.set(data, 16);
    this.#file.send(frame);
  }

  /**
   * RS-5: another screen on the running connection. The sender keeps its place, so nothing is
   * renegotiated: ICE, DTLS and the data channels go on, and the partner's picture changes.
   */
  replaceVideoTrack(track: MediaStreamTrack): void {
    const stream = this.#stream;
    const old = stream?.getVideoTracks()[0];
    if (this.#closed || !stream || !old) throw new Error('This side shares no screen on a running connection.');
    this.#peer.replaceTrack(old, track, stream);
    stream.removeTrack(old);
    stream.addTrack(track);
    // stop() fires no `ended` on the old track: the session does not take it for the end user stopping.
    old.stop();
    this.#tuneScreenSenders(stream);
  }

  /** RS-10: new ICE candidates for a changed network, keeping the session. */
  restartIce(): void {
    if (this.#closed) return;
    this.#pc.restartIce();
    (this.#peer as unknown as { negotiate(): void }).negotiate();
  }

  destroy(): void {
    this.#finish('closed locally');
    this.#peer.destroy();
  }

  #finish(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#statsTimer);
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.handlers.closed(reason);
  }

  /**
   * simple-peer ends the connection as soon as ICE reports `failed`. A support session should
   * survive a network change instead: keep restarting ICE, and give up only after a while.
   */
  #keepAliveOnFailure(): void {
    const peer = this.#peer as unknown as { _onIceStateChange(): void; _onConnectionStateChange(): void };
    const onIce = peer._onIceStateChange.bind(peer);
    const onConnection = peer._onConnectionStateChange.bind(peer);
    peer._onIceStateChange = () => {
      if (this.#pc.iceConnectionState !== 'failed') onIce();
    };
    peer._onConnectionStateChange = () => {
      if (this.#pc.connectionState !== 'failed') onConnection();
    };
  }

  #watchIce(): void {
    const state = this.#pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') {
      if (this.#restartTimer) clearTimeout(this.#restartTimer);
      this.#restartTimer = null;
      if (this.#brokenSince !== null) this.handlers.recovering?.(false);
      this.#brokenSince = null;
      return;
    }
    if (state !== 'disconnected' && state !== 'failed') return;
    this.#brokenSince ??= Date.now();
    if (this.#brokenSince !== null) this.handlers.recovering?.(true);
    this.#scheduleRestart();
  }

  /**
   * Only the initiator restarts ICE, so both sides never offer at once; it retries until the
   * connection is back. Either side gives the connection up after GIVE_UP_AFTER_MS.
   */
  #scheduleRestart(): void {
    if (this.#restartTimer || this.#closed) return;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      const state = this.#pc.iceConnectionState;
      if (state === 'connected' || state === 'completed') return;
      if (this.#brokenSince !== null && Date.now() - this.#brokenSince > GIVE_UP_AFTER_MS) {
        this.destroy();
        return;
      }
      if (this.#initiator) this.restartIce();
      this.#scheduleRestart();
    }, RESTART_AFTER_MS);
  }

  #onControl(data: Uint8Array): void {
    const message = decodeControl(data);
    if (message) this.handlers.control?.(message);
  }

  /** Each event only on its own channel: a transition on the unreliable one could be lost or overtaken. */
  #onInput(data: unknown, reliable: boolean): void {
    const frame = decodeInputFrame(data);
    if (frame && isUnreliableInput(frame.event) !== reliable) this.handlers.input?.(frame);
  }

  /** Screen text must stay readable: keep resolution, let the frame rate give way (RS-5). */
  #tuneScreenSenders(stream: MediaStream): void {
    for (const track of stream.getVideoTracks()) track.contentHint = 'detail';
    setTimeout(() => {
      for (const sender of this.#pc.getSenders()) {
        if (sender.track?.kind !== 'video') continue;
        const parameters = sender.getParameters();
        parameters.degradationPreference = 'maintain-resolution';
        for (const encoding of parameters.encodings ?? []) encoding.maxBitrate = SCREEN_MAX_BITRATE;
        void sender.setParameters(parameters).catch(() => undefined);
      }
    }, 0);
  }

  async #collectStats(): Promise<void> {
    if (this.#closed || !this.handlers.stats) return;
    const report = await this.#pc.getStats();
    let roundTripMs: number | null = null;
    let fps: number | null = null;
    let framesDecoded: number | null = null;
    let bytes = 0;
    let localCandidate: unknown = null;
    report.forEach((entry: Record<string, unknown>) => {
      if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') {
        if (typeof entry.currentRoundTripTime === 'number') roundTripMs = Math.round(entry.currentRoundTripTime * 1000);
        localCandidate = entry.localCandidateId;
      }
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
        fps = typeof entry.framesPerSecond === 'number' ? entry.framesPerSecond : fps;
        framesDecoded = typeof entry.framesDecoded === 'number' ? entry.framesDecoded : framesDecoded;
        bytes += Number(entry.bytesReceived ?? 0);
      }
      if (entry.type === 'outbound-rtp' && entry.kind === 'video') {
        fps = typeof entry.framesPerSecond === 'number' ? entry.framesPerSecond : fps;
        bytes += Number(entry.bytesSent ?? 0);
      }
    });
    const now = performance.now();
    let bitrateKbps: number | null = null;
    if (this.#lastBytes && now > this.#lastBytes.at) {
      bitrateKbps = Math.round(((bytes - this.#lastBytes.bytes) * 8) / (now - this.#lastBytes.at));
    }
    this.#lastBytes = { at: now, bytes };
    const candidate = localCandidate
      ? (report.get(localCandidate as string) as { candidateType?: string } | undefined)
      : undefined;
    const route = candidate ? (candidate.candidateType === 'relay' ? 'relay' : 'direct') : null;
    this.handlers.stats({ roundTripMs, fps, bitrateKbps, framesDecoded, route });
  }
}
