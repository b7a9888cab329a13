import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  clientMessageSchema,
  signalAuthPayload,
  type Access,
  type ClientMessage,
  type EndReason,
  type HubErrorCode,
  type ServerMessage,
  type SupporterInfo,
} from '../../src-shared/signaling/protocol';
import type { DeviceStore } from '../devices/deviceStore';
import type { ReportStore } from '../reports/reportStore';
import { turnCredentials, type TurnConfig } from './turnCredentials';

export interface HubSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

interface Connection {
  socket: HubSocket;
  deviceId: string | null;
  nonce: string;
  sourceKey: string;
  /** Messages of one connection are handled strictly in order, even across awaits. */
  chain: Promise<void>;
}

interface RequestState {
  requestId: string;
  supporter: string;
  host: string;
  method: 'password' | 'code';
  createdAt: number;
  started: boolean;
}

interface CodeState {
  supporter: string;
  info: SupporterInfo;
  access: Access;
  expiresAt: number;
}

export interface HubOptions {
  devices: DeviceStore;
  reports: ReportStore;
  log: FastifyBaseLogger;
  /** Keys per-source back-off without telling hosts their supporters' addresses. */
  sourceSecret: string;
  turn?: TurnConfig | undefined;
  codeTtlMs?: number;
  /** A request whose session has not started by then is dropped. */
  pendingTtlMs?: number;
  now?: () => number;
}

const CODE_TTL_MS = 10 * 60 * 1000;
const PENDING_TTL_MS = 3 * 60 * 1000;

/**
 * The signaling hub: authenticates devices by their keys, keeps presence, routes connection
 * requests and relays peer messages only between the two parties of a request.
 */
export class SignalingHub {
  readonly #connections = new Map<string, Connection>();
  readonly #requests = new Map<string, RequestState>();
  readonly #codes = new Map<string, CodeState>();
  readonly #now: () => number;
  readonly #connectPerSource = new RateLimiterMemory({ points: 30, duration: 60 });
  readonly #connectPerDevice = new RateLimiterMemory({ points: 30, duration: 60 });
  readonly #codeLookups = new RateLimiterMemory({ points: 30, duration: 60 });
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly options: HubOptions) {
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), 15_000).unref();
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const connection of this.#connections.values()) connection.socket.close(1001, 'server shutting down');
  }

  isOnline(deviceId: string): boolean {
    return this.#connections.has(deviceId);
  }

  /** Call for each new WebSocket; feed it the socket's text frames and its close. */
  accept(socket: HubSocket, sourceAddress: string): { message(text: string): void; closed(): void } {
    const connection: Connection = {
      socket,
      deviceId: null,
      nonce: randomBytes(32).toString('base64url'),
      sourceKey: createHmac('sha256', this.options.sourceSecret).update(sourceAddress).digest('base64url').slice(0, 22),
      chain: Promise.resolve(),
    };
    this.#send(connection, { type: 'hello', nonce: connection.nonce });
    return {
      message: (text) => {
        connection.chain = connection.chain
          .then(() => this.#onMessage(connection, text))
          .catch((error: unknown) => this.options.log.error({ err: error }, 'signaling message failed'));
      },
      closed: () => {
        if (connection.deviceId && this.#connections.get(connection.deviceId) === connection) {
          this.#connections.delete(connection.deviceId);
        }
      },
    };
  }

  /** Drops expired codes and requests whose sessions never started. */
  sweep(): void {
    const now = this.#now();
    for (const [route, code] of this.#codes) if (code.expiresAt <= now) this.#codes.delete(route);
    const ttl = this.options.pendingTtlMs ?? PENDING_TTL_MS;
    for (const request of this.#requests.values()) {
      if (!request.started && now - request.createdAt > ttl) this.#end(request, 'timeout', null);
    }
  }

  async #onMessage(connection: Connection, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.#error(connection, 'invalid_message', 'The message does not match the signaling protocol.');
      return;
    }
    const message = parsed.data;
    if (message.type === 'ping') return this.#send(connection, { type: 'pong' });
    if (message.type === 'auth') return this.#authenticate(connection, message);
    if (!connection.deviceId) {
      this.#error(connection, 'unauthenticated', 'Authenticate first.');
      connection.socket.close(4401, 'unauthenticated');
      return;
    }
    try {
      await this.#handle(connection, connection.deviceId, message);
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

  #authenticate(connection: Connection, message: Extract<ClientMessage, { type: 'auth' }>): void {
    const { devices, turn, log } = this.options;
    if (!devices.verify(message.deviceId, signalAuthPayload(connection.nonce), message.signature)) {
      this.#error(connection, 'unauthenticated', 'This device is not registered with this key.');
      connection.socket.close(4401, 'unauthenticated');
      return;
    }
    const previous = this.#connections.get(message.deviceId);
    if (previous && previous !== connection) previous.socket.close(4409, 'replaced by a newer connection');
    connection.deviceId = message.deviceId;
    this.#connections.set(message.deviceId, connection);
    devices.touch(message.deviceId);
    log.debug({ deviceId: message.deviceId }, 'device online');
    this.#send(connection, {
      type: 'ready',
      deviceId: message.deviceId,
      iceServers: turn ? [turnCredentials(turn, message.deviceId, this.#now())] : [],
      iceTransportPolicy: turn?.relayOnly ? 'relay' : 'all',
    });
  }

  async #handle(connection: Connection, self: string, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'connect': {
        await this.#connectPerSource.consume(connection.sourceKey);
        await this.#connectPerDevice.consume(self);
        if (message.target === self) {
          return this.#error(connection, 'invalid_message', 'A device cannot connect to itself.', message);
        }
        const host = this.#connections.get(message.target);
        if (!host || this.#requests.has(message.requestId)) {
          return this.#error(connection, 'partner_offline', 'The partner is not online.', message);
        }
        this.#open(message.requestId, self, message.target, 'password', message.supporter, message.access);
        this.#send(host, {
          type: 'incoming',
          requestId: message.requestId,
          from: self,
          supporter: message.supporter,
          access: message.access,
          method: 'password',
          sourceKey: connection.sourceKey,
        });
        return;
      }
      case 'code-create': {
        let route: string;
        do route = String(randomInt(0, 1_000_000)).padStart(6, '0');
        while (this.#codes.has(route));
        const expiresAt = this.#now() + (this.options.codeTtlMs ?? CODE_TTL_MS);
        this.#codes.set(route, { supporter: self, info: message.supporter, access: message.access, expiresAt });
        return this.#send(connection, { type: 'code-created', route, expiresAt: new Date(expiresAt).toISOString() });
      }
      case 'code-lookup': {
        await this.#codeLookups.consume(connection.sourceKey);
        const code = this.#liveCode(connection, message.route);
        if (!code) return;
        return this.#send(connection, {
          type: 'code-info',
          route: message.route,
          from: code.supporter,
          supporter: code.info,
          access: code.access,
          expiresAt: new Date(code.expiresAt).toISOString(),
        });
      }
      case 'code-join': {
        await this.#codeLookups.consume(connection.sourceKey);
        const code = this.#liveCode(connection, message.route);
        if (!code) return;
        const supporter = this.#connections.get(code.supporter);
        if (!supporter || this.#requests.has(message.requestId)) {
          return this.#error(connection, 'partner_offline', 'The supporter who made this code is not online.', message);
        }
        this.#codes.delete(message.route);
        this.#open(message.requestId, code.supporter, self, 'code', code.info, code.access);
        this.#send(supporter, { type: 'code-joined', route: message.route, requestId: message.requestId, host: self });
        return;
      }
      case 'relay': {
        const request = this.#partyOf(connection, self, message.requestId);
        if (!request) return;
        const other = this.#connections.get(request.supporter === self ? request.host : request.supporter);
        if (!other) return this.#error(connection, 'partner_offline', 'The partner is not online.', message);
        return this.#send(other, { type: 'relay', requestId: message.requestId, payload: message.payload });
      }
      case 'started': {
        const request = this.#partyOf(connection, self, message.requestId);
        if (!request || request.host !== self) return;
        request.started = true;
        this.options.reports.started(request.requestId, new Date(this.#now()));
        return;
      }
      case 'end': {
        const request = this.#partyOf(connection, self, message.requestId);
        if (request) this.#end(request, message.reason, self);
        return;
      }
    }
  }

  #open(
    requestId: string,
    supporter: string,
    host: string,
    method: 'password' | 'code',
    info: SupporterInfo,
    access: Access,
  ) {
    this.#requests.set(requestId, { requestId, supporter, host, method, createdAt: this.#now(), started: false });
    this.options.reports.open({
      requestId,
      method,
      access,
      supporterDeviceId: supporter,
      supporterName: info.name,
      supporterCompany: info.company,
      hostDeviceId: host,
      at: new Date(this.#now()),
    });
  }

  #end(request: RequestState, reason: EndReason, by: string | null): void {
    this.#requests.delete(request.requestId);
    this.options.reports.ended(request.requestId, reason, new Date(this.#now()));
    for (const party of [request.supporter, request.host]) {
      const connection = party === by ? undefined : this.#connections.get(party);
      if (connection) this.#send(connection, { type: 'ended', requestId: request.requestId, reason });
    }
  }

  #partyOf(connection: Connection, self: string, requestId: string): RequestState | null {
    const request = this.#requests.get(requestId);
    if (!request || (request.supporter !== self && request.host !== self)) {
      this.#error(connection, 'unknown_request', 'There is no such request between you and a partner.', { requestId });
      return null;
    }
    return request;
  }

  #liveCode(connection: Connection, route: string): CodeState | null {
    const code = this.#codes.get(route);
    if (!code) {
      this.#error(connection, 'code_unknown', 'No session code starts with these digits.');
      return null;
    }
    if (code.expiresAt <= this.#now()) {
      this.#codes.delete(route);
      this.#error(connection, 'code_expired', 'This session code has expired; ask for a new one.');
      return null;
    }
    return code;
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
