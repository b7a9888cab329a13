import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import {
  SIGNAL_MAX_FRAME_BYTES,
  SIGNAL_PATH,
  serverMessageSchema,
  signalAuthPayload,
  type ClientMessage,
  type IceServer,
  type ServerMessage,
} from '../../../src-shared/signaling/protocol';
import type { Logger } from '../logger';

export type SignalingState = 'connecting' | 'online' | 'offline';

interface SignalingEvents {
  state: [SignalingState];
  message: [ServerMessage];
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
const HEARTBEAT_MS = 20_000;
const QUEUE_LIMIT = 500;

/**
 * The core's connection to the signaling hub: authenticates with the device key, stays up
 * (exponential back-off with jitter, heartbeats), and queues messages while briefly offline so
 * a network change does not lose a session's signaling.
 */
export class SignalingClient extends EventEmitter<SignalingEvents> {
  #socket: WebSocket | null = null;
  #state: SignalingState = 'offline';
  #iceServers: IceServer[] = [];
  #iceTransportPolicy: 'all' | 'relay' = 'all';
  #queue: string[] = [];
  #retryMs = RETRY_MIN_MS;
  #retryTimer: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #awaitingPong = false;
  #stopped = false;

  constructor(
    private readonly options: {
      cloudUrl: string;
      deviceId: () => string;
      sign: (payload: string) => string;
      log: Logger;
    },
  ) {
    super();
  }

  get state(): SignalingState {
    return this.#state;
  }

  get iceServers(): IceServer[] {
    return this.#iceServers;
  }

  get iceTransportPolicy(): 'all' | 'relay' {
    return this.#iceTransportPolicy;
  }

  start(): void {
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#stopHeartbeat();
    this.#queue = [];
    this.#socket?.close(1000, 'stopping');
    this.#socket = null;
    this.#setState('offline');
  }

  /** Sends now when online; otherwise keeps it for the next connection. */
  send(message: ClientMessage): void {
    const text = JSON.stringify(message);
    if (this.#state === 'online' && this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(text);
      return;
    }
    if (this.#queue.length >= QUEUE_LIMIT) this.#queue.shift();
    this.#queue.push(text);
  }

  /** Drops the connection at once and reconnects: used when the network changed. */
  reconnectNow(): void {
    this.#retryMs = RETRY_MIN_MS;
    this.#socket?.terminate();
  }

  #open(): void {
    const url = new URL(SIGNAL_PATH, this.options.cloudUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#setState('connecting');
    const socket = new WebSocket(url, { maxPayload: SIGNAL_MAX_FRAME_BYTES, handshakeTimeout: 10_000 });
    this.#socket = socket;
    socket.on('message', (data) => this.#onFrame(socket, data.toString()));
    socket.on('pong', () => (this.#awaitingPong = false));
    socket.on('error', (error) => this.options.log.debug({ err: error.message }, 'signaling socket error'));
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#stopHeartbeat();
      this.#setState('offline');
      if (!this.#stopped) this.#scheduleRetry();
    });
  }

  #onFrame(socket: WebSocket, text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.options.log.warn('signaling hub sent a message outside the protocol; ignored');
      return;
    }
    const message = parsed.data;
    if (message.type === 'hello') {
      socket.send(
        JSON.stringify({
          type: 'auth',
          deviceId: this.options.deviceId(),
          signature: this.options.sign(signalAuthPayload(message.nonce)),
        } satisfies ClientMessage),
      );
      return;
    }
    if (message.type === 'ready') {
      this.#iceServers = message.iceServers;
      this.#iceTransportPolicy = message.iceTransportPolicy;
      this.#retryMs = RETRY_MIN_MS;
      this.#setState('online');
      this.#startHeartbeat(socket);
      const queued = this.#queue;
      this.#queue = [];
      for (const text of queued) socket.send(text);
      return;
    }
    if (message.type === 'pong') return;
    try {
      this.emit('message', message);
    } catch (error) {
      // A handler's failure must never take the signaling connection down with it.
      this.options.log.error({ err: error, type: message.type }, 'signaling message handler failed');
    }
  }

  #scheduleRetry(): void {
    const delay = this.#retryMs * (0.5 + Math.random() / 2);
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
    this.#retryTimer.unref();
  }

  #startHeartbeat(socket: WebSocket): void {
    this.#stopHeartbeat();
    this.#heartbeat = setInterval(() => {
      if (this.#awaitingPong) {
        socket.terminate();
        return;
      }
      this.#awaitingPong = true;
      socket.ping();
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    this.#awaitingPong = false;
  }

  #setState(state: SignalingState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
