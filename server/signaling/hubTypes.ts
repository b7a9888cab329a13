/* The signaling hub's shapes: the socket it is handed, a connection as it keeps one, its options. */
import type { FastifyBaseLogger } from 'fastify';
import type { ClientMessage, ServerMessage } from '../../src-shared/signaling/protocol';
import type { DeviceStore } from '../devices/deviceStore';
import type { ReportStore } from '../reports/reportStore';
import type { SharedState } from '../shared/sharedState';
import type { RequestLimits } from './requestTable';
import type { SessionCodeLimits } from './sessionCodes';
import type { TurnConfig } from './turnCredentials';

export interface HubSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Stops reading the socket (TCP back-pressure) while it is over its budget. */
  pause(): void;
  resume(): void;
}

export interface Connection {
  /** This socket among all instances' (its route in the shared state); never sent to anyone. */
  id: string;
  socket: HubSocket;
  deviceId: string | null;
  nonce: string;
  /** The network origin (IPv4 address or IPv6 /64); stays in memory, never sent to anyone. */
  source: string;
  /** Messages of one connection are handled strictly in order, even across awaits. */
  chain: Promise<void>;
  /** Messages received but not yet handled: bounded, so a flood cannot queue without end. */
  queued: number;
  authTimer: NodeJS.Timeout | null;
  /** Counts it among its source's sockets waiting to authenticate until called (authenticated or closed). */
  stopWaiting: () => void;
  /** The socket closed: a device key checked after that claims no route. */
  closed: boolean;
}

/** An authenticated socket as a feature sees it: which device, and a way to send to it. */
export interface FeatureSocket {
  /** This socket among all instances' (never sent to anyone). */
  readonly id: string;
  readonly deviceId: string;
  send(message: ServerMessage): void;
  /** The socket closed (a message handled after that must leave nothing behind). */
  isClosed(): boolean;
}

/**
 * Another feature's messages on the hub's sockets (Live View's subscriptions): it answers the
 * types it names on authenticated sockets, in order with the socket's other messages, and hears
 * when a socket closes. A `RateLimiterRes` it throws is answered as `rate_limited`.
 */
export interface HubFeature {
  readonly types: readonly ClientMessage['type'][];
  handle(socket: FeatureSocket, message: ClientMessage): Promise<void>;
  closed(socketId: string): void;
  /** A device proved its key here and holds its route (Computers' presence). */
  deviceOnline?(deviceId: string): void;
  /** This instance let go of a device's route: its socket here closed (it may hold one elsewhere). */
  deviceOffline?(deviceId: string): void;
}

export interface HubOptions {
  devices: DeviceStore;
  reports: ReportStore;
  log: FastifyBaseLogger;
  /** The endpoint's private secret for per-source keys (loadSourceSecret); never the instance ID. */
  sourceSecret: Buffer;
  /** Where rate limits, requests, codes and device routes live; this process alone by default. */
  shared?: SharedState | undefined;
  turn?: TurnConfig | undefined;
  codeTtlMs?: number;
  /** A request whose session has not started by then is dropped. */
  pendingTtlMs?: number;
  /** How often an instance renews its device routes in Redis (and restores lost ones); 20 s by default. */
  routeRenewMs?: number;
  codeLimits?: SessionCodeLimits;
  requestLimits?: RequestLimits;
  now?: () => number;
}
