import { randomBytes } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import {
  clientMessageSchema,
  SIGNAL_MAX_MESSAGE_CHARS,
  signalAuthPayload,
  type ClientMessage,
  type HubErrorCode,
  type ServerMessage,
} from '../../src-shared/signaling/protocol';
import { memoryState } from '../shared/sharedState';
import { HubLimits } from './hubLimits';
import { hubStateFor, type HubState } from './hubState';
import { RequestFlow, type HelpConnect, type RequestChange } from './requestFlow';
import { DEFAULT_REQUEST_LIMITS } from './requestTable';
import { DEFAULT_CODE_LIMITS } from './sessionCodes';
import type { Connection, FeatureSocket, HubFeature, HubOptions, HubSocket } from './hubTypes';
import type { RequestState } from './requestTable';
import { networkSource, SourceKeys } from './sourceKeys';
import { MAX_WAITING_SOCKETS_PER_SOURCE, TOO_MANY_WAITING, WaitingSockets } from '../security/waitingSockets';
import { turnCredentials } from './turnCredentials';

/** A socket that has not proved a device key by then is closed. */
const AUTH_TIMEOUT_MS = 10_000;
/** More unhandled messages than this on one socket is a flood, not a client: the socket is closed. */
const MAX_QUEUED_MESSAGES = 256;

/**
 * The signaling hub: authenticates devices by their keys, keeps presence, routes connection
 * requests and relays peer messages only between the two parties of a request. Every message
 * costs bounded work and every table is bounded per device, so no socket can stall the endpoint.
 */
export type { FeatureSocket, HubFeature, HubOptions, HubSocket } from './hubTypes';

/** What the hub tells whoever counts (the endpoint's metrics): each message's type, as the protocol names it. */
export type HubMessageListener = (type: ClientMessage['type'] | 'invalid') => void;

/** Who hears a request accepted or ended (Live View's record of help connections). */
export type RequestListener = (request: RequestState, change: RequestChange) => void;
export type { HelpConnect, RequestChange } from './requestFlow';

export class SignalingHub {
  /** The sockets this instance holds, by device. */
  readonly #connections = new Map<string, Connection>();
  readonly #state: HubState;
  readonly #flow: RequestFlow;
  readonly #now: () => number;
  readonly #limits: HubLimits;
  readonly #sweeper: NodeJS.Timeout;
  readonly #listeners: HubMessageListener[] = [];
  readonly #requestListeners: RequestListener[] = [];
  /** Other features' message types, and who answers them. */
  readonly #features = new Map<ClientMessage['type'], HubFeature>();
  readonly #waiting = new WaitingSockets(MAX_WAITING_SOCKETS_PER_SOURCE);

  constructor(private readonly options: HubOptions) {
    this.#now = options.now ?? Date.now;
    const shared = options.shared ?? memoryState();
    this.#limits = new HubLimits(shared);
    this.#state = hubStateFor(
      shared,
      { requests: options.requestLimits ?? DEFAULT_REQUEST_LIMITS, codes: options.codeLimits ?? DEFAULT_CODE_LIMITS },
      options.log,
      options.routeRenewMs,
    );
    this.#state.routes.listen({
      deliver: (deviceId, message) => {
        const connection = this.#connections.get(deviceId);
        if (connection) this.#send(connection, message);
        return connection !== undefined;
      },
      replaced: (deviceId, connectionId) => {
        const connection = this.#connections.get(deviceId);
        if (connection?.id === connectionId) connection.socket.close(4409, 'replaced by a newer connection');
      },
    });
    this.#flow = new RequestFlow(
      options,
      this.#state,
      this.#limits,
      new SourceKeys(options.sourceSecret, this.#now),
      {
        deliver: (deviceId, message) => this.#deliver(deviceId, message),
        online: (deviceIds) => this.online(deviceIds),
        send: (connection, message) => this.#send(connection, message),
        error: (connection, code, message, extra) => this.#error(connection, code, message, extra),
        requestChanged: (request, change) => {
          for (const listener of this.#requestListeners) listener(request, change);
        },
      },
      this.#now,
    );
    this.#sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => options.log.error({ err: error }, 'signaling sweep failed'));
    }, 15_000).unref();
  }

  /** Closes this instance's sockets and gives up their routes (their devices reconnect to another instance). */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const held = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.allSettled(held.map((c) => this.#state.routes.release(c.deviceId!, c.id)));
    for (const connection of held) connection.socket.close(1001, 'server shutting down');
    await this.#state.routes.close();
  }

  /** How many devices hold an authenticated socket on this instance. */
  get connectedDevices(): number {
    return this.#connections.size;
  }

  /** `listener` hears the type of every message a socket sends (`invalid`: one the protocol does not know). */
  onMessage(listener: HubMessageListener): void {
    this.#listeners.push(listener);
  }

  /** `listener` hears each request accepted or ended, once among all instances. */
  onRequest(listener: RequestListener): void {
    this.#requestListeners.push(listener);
  }

  /**
   * LV-2 / LV-3: opens a help connection a feature checked, from the device on `socket` to the help
   * session's device, as `connect` opens one (limits, report, the host's `incoming`). True when
   * the host was told; otherwise the socket was told why not.
   */
  async connectHelp(
    socket: FeatureSocket,
    message: Extract<ClientMessage, { type: 'connect-help' }>,
    help: HelpConnect,
  ): Promise<boolean> {
    const connection = this.#connections.get(socket.deviceId);
    if (!connection || connection.id !== socket.id) return false;
    return this.#flow.connectHelp(connection, socket.deviceId, message, help);
  }

  /** `feature` answers its message types on authenticated sockets; a type answered twice is a mistake. */
  addFeature(feature: HubFeature): void {
    for (const type of feature.types) {
      if (this.#features.has(type)) throw new Error(`The hub message ${type} is answered twice.`);
      this.#features.set(type, feature);
    }
  }

  /** The devices among `deviceIds` with a socket on this or another instance. */
  async online(deviceIds: readonly string[]): Promise<Set<string>> {
    const here = deviceIds.filter((id) => this.#connections.has(id));
    const elsewhere = await this.#state.routes.heldElsewhere(deviceIds.filter((id) => !this.#connections.has(id)));
    return new Set([...here, ...elsewhere]);
  }

  /** Call for each new WebSocket; feed it the socket's text frames and its close. */
  accept(socket: HubSocket, sourceAddress: string): { message(text: string): void; closed(): void } {
    const source = networkSource(sourceAddress);
    const stopWaiting = this.#waiting.take(source);
    if (!stopWaiting) {
      socket.close(TOO_MANY_WAITING, 'too many connections from this network are waiting to authenticate');
      return { message: () => undefined, closed: () => undefined };
    }
    const connection: Connection = {
      id: randomBytes(16).toString('base64url'),
      socket,
      deviceId: null,
      nonce: randomBytes(32).toString('base64url'),
      source,
      chain: Promise.resolve(),
      queued: 0,
      authTimer: null,
      stopWaiting,
      closed: false,
    };
    connection.authTimer = setTimeout(() => {
      this.#error(connection, 'unauthenticated', 'Authenticate within 10 seconds of connecting.');
      socket.close(4401, 'authentication timed out');
    }, AUTH_TIMEOUT_MS);
    connection.authTimer.unref();
    this.#send(connection, { type: 'hello', nonce: connection.nonce });
    return {
      message: (text) => {
        if (connection.queued >= MAX_QUEUED_MESSAGES) {
          socket.close(1008, 'too many messages in flight');
          return;
        }
        connection.queued += 1;
        connection.chain = connection.chain
          .then(() => this.#onMessage(connection, text))
          .catch((error: unknown) => this.options.log.error({ err: error }, 'signaling message failed'))
          .finally(() => {
            connection.queued -= 1;
          });
      },
      closed: () => {
        connection.closed = true;
        connection.stopWaiting();
        if (connection.authTimer) clearTimeout(connection.authTimer);
        for (const feature of new Set(this.#features.values())) feature.closed(connection.id);
        if (connection.deviceId && this.#connections.get(connection.deviceId) === connection) {
          this.#connections.delete(connection.deviceId);
          const deviceId = connection.deviceId;
          this.#state.routes
            .release(deviceId, connection.id)
            .then(() => {
              for (const feature of new Set(this.#features.values())) feature.deviceOffline?.(deviceId);
            })
            .catch((error: unknown) => this.options.log.error({ err: error }, 'releasing a device route failed'));
        }
      },
    };
  }

  /** Drops expired codes and requests (see RequestFlow.sweep); runs every 15 s. */
  sweep(): Promise<void> {
    return this.#flow.sweep();
  }

  async #onMessage(connection: Connection, text: string): Promise<void> {
    await this.#limits.budget(connection.nonce, text.length, connection.socket);
    if (text.length > SIGNAL_MAX_MESSAGE_CHARS) {
      this.#error(
        connection,
        'payload_too_large',
        `A signaling message may be at most ${SIGNAL_MAX_MESSAGE_CHARS} characters long.`,
      );
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = clientMessageSchema.safeParse(json);
    for (const listener of this.#listeners) listener(parsed.success ? parsed.data.type : 'invalid');
    if (!parsed.success) {
      this.#error(connection, 'invalid_message', 'The message does not match the signaling protocol.');
      return;
    }
    const message = parsed.data;
    if (message.type === 'ping') return this.#send(connection, { type: 'pong' });
    if (message.type === 'auth') return await this.#authenticate(connection, message);
    if (!connection.deviceId) {
      this.#error(connection, 'unauthenticated', 'Authenticate first.');
      connection.socket.close(4401, 'unauthenticated');
      return;
    }
    try {
      const feature = this.#features.get(message.type);
      if (feature) {
        const socket = {
          id: connection.id,
          deviceId: connection.deviceId,
          send: (reply: ServerMessage) => this.#send(connection, reply),
          isClosed: () => connection.closed,
        };
        await feature.handle(socket, message);
      } else {
        await this.#flow.handle(connection, connection.deviceId, message);
      }
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        this.#error(connection, 'rate_limited', 'Too many requests; wait before trying again.', {
          retryAfterMs: error.msBeforeNext,
          requestId: 'requestId' in message ? message.requestId : undefined,
        });
        return;
      }
      throw error;
    }
  }

  async #authenticate(connection: Connection, message: Extract<ClientMessage, { type: 'auth' }>): Promise<void> {
    const { devices, turn, log } = this.options;
    if (connection.deviceId) {
      // One device per socket: re-authenticating would let one socket stand for many devices.
      return this.#error(connection, 'invalid_message', 'This connection is already authenticated.');
    }
    if (!(await devices.verify(message.deviceId, signalAuthPayload(connection.nonce), message.signature))) {
      this.#error(connection, 'unauthenticated', 'This device is not registered with this key.');
      connection.socket.close(4401, 'unauthenticated');
      return;
    }
    // The key may have been read from the database meanwhile.
    if (connection.closed) return;
    if (connection.authTimer) clearTimeout(connection.authTimer);
    connection.authTimer = null;
    connection.stopWaiting();
    const previous = this.#connections.get(message.deviceId);
    if (previous && previous !== connection) previous.socket.close(4409, 'replaced by a newer connection');
    connection.deviceId = message.deviceId;
    this.#connections.set(message.deviceId, connection);
    // Only a device that proved its key claims its route, and only its own.
    await this.#state.routes.claim(message.deviceId, connection.id);
    await devices.touch(message.deviceId);
    log.debug({ deviceId: message.deviceId }, 'device online');
    for (const feature of new Set(this.#features.values())) feature.deviceOnline?.(message.deviceId);
    this.#send(connection, {
      type: 'ready',
      deviceId: message.deviceId,
      iceServers: turn ? [turnCredentials(turn, message.deviceId, this.#now())] : [],
      iceTransportPolicy: turn?.relayOnly ? 'relay' : 'all',
    });
  }

  async #deliver(deviceId: string, message: ServerMessage): Promise<boolean> {
    const connection = this.#connections.get(deviceId);
    if (connection) {
      this.#send(connection, message);
      return true;
    }
    return this.#state.routes.forward(deviceId, message);
  }

  #error(
    connection: Connection,
    code: HubErrorCode,
    message: string,
    extra: { requestId?: string | undefined; retryAfterMs?: number } = {},
  ): void {
    const frame: ServerMessage = { type: 'error', code, message };
    if (extra.requestId) frame.requestId = extra.requestId;
    if (extra.retryAfterMs !== undefined) frame.retryAfterMs = Math.ceil(extra.retryAfterMs);
    this.#send(connection, frame);
  }

  #send(connection: Connection, message: ServerMessage): void {
    connection.socket.send(JSON.stringify(message));
  }
}
