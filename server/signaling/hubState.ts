import type { ServerMessage } from '../../src-shared/signaling/protocol';
import type { SharedState } from '../shared/sharedState';
import { RedisCodes } from './redisCodes';
import { RedisRequests } from './redisRequests';
import { RedisRoutes } from './redisRoutes';
import { RequestTable, type OpenVerdict, type RequestLimits, type RequestState } from './requestTable';
import { SessionCodes, type CodeState, type SessionCodeLimits } from './sessionCodes';

/** The hub's open requests, wherever they are kept (see RequestTable for the limits). */
export interface HubRequests {
  get(requestId: string): Promise<RequestState | undefined>;
  has(requestId: string): Promise<boolean>;
  /** Whether a request between the two would be within the limits now (a check before spending a code). */
  mayOpen(supporter: string, host: string, now: number, pendingTtlMs: number): Promise<OpenVerdict>;
  /**
   * Adds the request if it keeps both devices within their limits, as one step: requests opened
   * for the same device at the same moment (on this instance or another) count against each other.
   * `id_taken`: one with its ID exists already. Nothing changes unless the answer is ok.
   */
  open(request: RequestState, pendingTtlMs: number): Promise<OpenVerdict | { ok: false; reason: 'id_taken' }>;
  /** Keeps a changed `started` or `orphanedSince`. */
  update(request: RequestState): Promise<void>;
  /** Removes it; true for the one caller that removed it, so only one instance reports its end. */
  delete(request: RequestState): Promise<boolean>;
  all(): Promise<RequestState[]>;
}

export type LiveCode = { ok: true; code: CodeState } | { ok: false; reason: 'code_unknown' | 'code_expired' };

/** The hub's live session codes (see SessionCodes for the limits). */
export interface HubCodes {
  /** A new code; false when the endpoint holds as many as it allows (a device's oldest is replaced). */
  create(state: CodeState): Promise<{ ok: true; route: string } | { ok: false }>;
  live(route: string, now: number): Promise<LiveCode>;
  /** Removes a code being joined; true for the one caller that took it. */
  take(route: string): Promise<boolean>;
  sweep(now: number): Promise<void>;
}

/** What another instance asks of this one's sockets. */
export interface RouteHandlers {
  /** Sends the message to the device's socket here; false when this instance holds none. */
  deliver(deviceId: string, message: ServerMessage): boolean;
  /** The device connected again elsewhere: close this instance's connection `connectionId`. */
  replaced(deviceId: string, connectionId: string): void;
}

/** Which instance holds which device's socket, and messages to devices held elsewhere. */
export interface HubRoutes {
  /** The device's socket is now this instance's `connectionId`; an older one elsewhere is closed. */
  claim(deviceId: string, connectionId: string): Promise<void>;
  /** The connection closed; the route goes only if it is still this connection's. */
  release(deviceId: string, connectionId: string): Promise<void>;
  /** The devices among `deviceIds` whose socket another instance holds. */
  heldElsewhere(deviceIds: readonly string[]): Promise<Set<string>>;
  /** Hands the message to the instance holding the device's socket; false when none does. */
  forward(deviceId: string, message: ServerMessage): Promise<boolean>;
  listen(handlers: RouteHandlers): void;
  close(): Promise<void>;
}

export interface HubState {
  readonly requests: HubRequests;
  readonly codes: HubCodes;
  readonly routes: HubRoutes;
}

/**
 * The hub's tables where the shared state keeps them: in this process (one instance, the
 * default), or in Redis for every instance, with messages routed between them.
 */
export function hubStateFor(
  shared: SharedState,
  limits: { requests: RequestLimits; codes: SessionCodeLimits },
  log: { warn(object: object, message: string): void },
  routeRenewMs?: number,
): HubState {
  if (shared.kind === 'redis') {
    return {
      requests: new RedisRequests(shared.link, limits.requests, log),
      codes: new RedisCodes(shared.link, limits.codes, log),
      routes: new RedisRoutes(shared.link, log, routeRenewMs),
    };
  }
  return {
    requests: memoryRequests(new RequestTable(limits.requests)),
    codes: memoryCodes(new SessionCodes(limits.codes)),
    routes: LOCAL_ONLY,
  };
}

function memoryRequests(table: RequestTable): HubRequests {
  return {
    get: async (requestId) => table.get(requestId),
    has: async (requestId) => table.has(requestId),
    mayOpen: async (supporter, host, now, ttl) => table.mayOpen(supporter, host, now, ttl),
    // One synchronous step: nothing else runs between the check and the add.
    open: async (request, ttl) => {
      if (table.has(request.requestId)) return { ok: false, reason: 'id_taken' };
      const verdict = table.mayOpen(request.supporter, request.host, request.createdAt, ttl);
      if (verdict.ok) table.add(request);
      return verdict;
    },
    // The table holds the very object the hub changed.
    update: async () => undefined,
    delete: async (request) => {
      if (table.get(request.requestId) !== request) return false;
      table.delete(request);
      return true;
    },
    all: async () => [...table.values()],
  };
}

function memoryCodes(codes: SessionCodes): HubCodes {
  return {
    create: async (state) => {
      const created = codes.create(state);
      return created.ok ? { ok: true, route: created.route } : { ok: false };
    },
    live: async (route, now) => codes.live(route, now),
    take: async (route) => {
      if (!codes.get(route)) return false;
      codes.delete(route);
      return true;
    },
    sweep: async (now) => codes.sweep(now),
  };
}

/** One instance: every socket is this process's, so nothing is held elsewhere. */
const LOCAL_ONLY: HubRoutes = {
  claim: async () => undefined,
  release: async () => undefined,
  heldElsewhere: async () => new Set(),
  forward: async () => false,
  listen: () => undefined,
  close: async () => undefined,
};
