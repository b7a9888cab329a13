import { randomBytes } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import {
  clientMessageSchema,
  SIGNAL_MAX_MESSAGE_CHARS,
  signalAuthPayload,
  type Access,
  type ClientMessage,
  type EndReason,
  type HubErrorCode,
  type ServerMessage,
  type SupporterInfo,
} from '../../src-shared/signaling/protocol';
import { HubLimits } from './hubLimits';
import { DEFAULT_REQUEST_LIMITS, RequestTable, type RequestState } from './requestTable';
import { DEFAULT_CODE_LIMITS, SessionCodes } from './sessionCodes';
import { relayablePayload } from './relayPolicy';
import type { Connection, HubOptions, HubSocket } from './hubTypes';
import { networkSource, SourceKeys } from './sourceKeys';
import { turnCredentials } from './turnCredentials';

const CODE_TTL_MS = 10 * 60 * 1000;
const PENDING_TTL_MS = 3 * 60 * 1000;
/** A socket that has not proved a device key by then is closed. */
const AUTH_TIMEOUT_MS = 10_000;
/** More unhandled messages than this on one socket is a flood, not a client: the socket is closed. */
const MAX_QUEUED_MESSAGES = 256;

/**
 * The signaling hub: authenticates devices by their keys, keeps presence, routes connection
 * requests and relays peer messages only between the two parties of a request. Every message
 * costs bounded work and every table is bounded per device, so no socket can stall the endpoint.
 */
export type { HubOptions, HubSocket } from './hubTypes';

export class SignalingHub {
  readonly #connections = new Map<string, Connection>();
  readonly #requests: RequestTable;
  readonly #codes: SessionCodes;
  readonly #sourceKeys: SourceKeys;
  readonly #now: () => number;
  readonly #limits = new HubLimits();
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly options: HubOptions) {
    this.#now = options.now ?? Date.now;
    this.#requests = new RequestTable(options.requestLimits ?? DEFAULT_REQUEST_LIMITS);
    this.#codes = new SessionCodes(options.codeLimits ?? DEFAULT_CODE_LIMITS);
    this.#sourceKeys = new SourceKeys(options.sourceSecret, this.#now);
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
      source: networkSource(sourceAddress),
      chain: Promise.resolve(),
      queued: 0,
      authTimer: null,
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
        if (connection.authTimer) clearTimeout(connection.authTimer);
        if (connection.deviceId && this.#connections.get(connection.deviceId) === connection) {
          this.#connections.delete(connection.deviceId);
        }
      },
    };
  }

  /**
   * Drops expired codes, requests whose sessions never started, and requests one of whose
   * parties has been away from the hub for as long (the peers cannot renegotiate without it).
   */
  sweep(): void {
    const now = this.#now();
    this.#codes.sweep(now);
    const ttl = this.options.pendingTtlMs ?? PENDING_TTL_MS;
    for (const request of [...this.#requests.values()]) {
      if (!request.started && now - request.createdAt > ttl) {
        this.#end(request, 'timeout', null);
        continue;
      }
      const bothOnline = this.isOnline(request.supporter) && this.isOnline(request.host);
      if (bothOnline) request.orphanedSince = null;
      else if (request.orphanedSince === null) request.orphanedSince = now;
      else if (now - request.orphanedSince > ttl) this.#end(request, 'connection_lost', null);
    }
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
    if (connection.deviceId) {
      // One device per socket: re-authenticating would let one socket stand for many devices.
      return this.#error(connection, 'invalid_message', 'This connection is already authenticated.');
    }
    if (!devices.verify(message.deviceId, signalAuthPayload(connection.nonce), message.signature)) {
      this.#error(connection, 'unauthenticated', 'This device is not registered with this key.');
      connection.socket.close(4401, 'unauthenticated');
      return;
    }
    if (connection.authTimer) clearTimeout(connection.authTimer);
    connection.authTimer = null;
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
        await this.#limits.connect(connection.source, self);
        if (message.target === self) {
          return this.#error(connection, 'invalid_message', 'A device cannot connect to itself.', message);
        }
        const host = this.#connections.get(message.target);
        if (!host || this.#requests.has(message.requestId)) {
          return this.#error(connection, 'partner_offline', 'The partner is not online.', message);
        }
        if (!this.#mayOpen(connection, self, message.target, message.requestId)) return;
        this.#open(message.requestId, self, message.target, 'password', message.supporter, message.access);
        this.#send(host, {
          type: 'incoming',
          requestId: message.requestId,
          from: self,
          supporter: message.supporter,
          access: message.access,
          method: 'password',
          sourceKey: this.#sourceKeys.keyFor(message.target, connection.source),
        });
        return;
      }
      case 'code-create': {
        await this.#limits.codeCreate(connection.source, self);
        const now = this.#now();
        const expiresAt = now + (this.options.codeTtlMs ?? CODE_TTL_MS);
        const created = this.#codes.create({
          supporter: self,
          info: message.supporter,
          access: message.access,
          createdAt: now,
          expiresAt,
        });
        if (!created.ok) {
          return this.#error(
            connection,
            'codes_exhausted',
            'The endpoint holds as many live session codes as it allows; try again in a few minutes or connect by ID.',
          );
        }
        return this.#send(connection, {
          type: 'code-created',
          route: created.route,
          expiresAt: new Date(expiresAt).toISOString(),
        });
      }
      case 'code-lookup': {
        await this.#limits.codeLookup(connection.source);
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
        await this.#limits.codeLookup(connection.source);
        const code = this.#liveCode(connection, message.route);
        if (!code) return;
        const supporter = this.#connections.get(code.supporter);
        if (!supporter || this.#requests.has(message.requestId)) {
          return this.#error(connection, 'partner_offline', 'The supporter who made this code is not online.', message);
        }
        if (!this.#mayOpen(connection, code.supporter, self, message.requestId)) return;
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
        const payload = this.#relayable(connection, message);
        if (payload === undefined) return;
        return this.#send(other, { type: 'relay', requestId: message.requestId, payload });
      }
      case 'started': {
        const request = this.#partyOf(connection, self, message.requestId);
        if (!request || request.host !== self || request.started) return;
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

  /** The payload as the partner may see it (see `relayablePayload`); an error when the policy refuses it. */
  #relayable(connection: Connection, message: Extract<ClientMessage, { type: 'relay' }>): unknown {
    const relayable = relayablePayload(message.payload, this.options.turn?.relayOnly === true);
    if (relayable.ok) return relayable.payload;
    if (relayable.refused) {
      this.#error(
        connection,
        'invalid_message',
        'With relay-only sessions the hub forwards only peer messages.',
        message,
      );
    }
    return undefined;
  }

  /** Refuses a request that would exceed a party's limits, with what the supporter can do. */
  #mayOpen(connection: Connection, supporter: string, host: string, requestId: string): boolean {
    const ttl = this.options.pendingTtlMs ?? PENDING_TTL_MS;
    const verdict = this.#requests.mayOpen(supporter, host, this.#now(), ttl);
    if (verdict.ok) return true;
    if (verdict.reason === 'host_busy') {
      this.#error(connection, 'busy', 'The partner has too many connection requests waiting; try again later.', {
        requestId,
      });
    } else {
      this.#error(connection, 'rate_limited', 'Too many connection requests are waiting for an answer.', {
        requestId,
        retryAfterMs: verdict.retryAfterMs,
      });
    }
    return false;
  }

  #open(
    requestId: string,
    supporter: string,
    host: string,
    method: 'password' | 'code',
    info: SupporterInfo,
    access: Access,
  ) {
    this.#requests.add({
      requestId,
      supporter,
      host,
      method,
      createdAt: this.#now(),
      started: false,
      orphanedSince: null,
    });
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
    this.#requests.delete(request);
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

  #liveCode(connection: Connection, route: string) {
    const live = this.#codes.live(route, this.#now());
    if (live.ok) return live.code;
    const why = {
      code_unknown: 'No session code starts with these digits.',
      code_expired: 'This session code has expired; ask for a new one.',
    };
    this.#error(connection, live.reason, why[live.reason]);
    return null;
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
