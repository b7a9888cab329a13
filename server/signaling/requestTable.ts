/**
 * A help connection's record (LV-8): what the help session's record needs when the request is
 * accepted or ends, when the help session itself may be gone already.
 */
export interface HelpRequestRecord {
  kind: 'code' | 'request';
  companyId: string;
  helpSessionId: string;
  code: string;
  /** The help session's device, as its record names it. */
  hostName: string;
  supporterUserId: string;
  /** Readable, so the record outlives a removed user: `Name <e-mail>`. */
  supporterActor: string;
}

export interface RequestState {
  requestId: string;
  supporter: string;
  host: string;
  method: 'password' | 'code' | 'help';
  /** `help` only. */
  help?: HelpRequestRecord;
  createdAt: number;
  started: boolean;
  /** Since when one of the parties has had no connection to the hub, or null while both have. */
  orphanedSince: number | null;
}

export interface RequestLimits {
  /** Requests a supporter may have waiting for an answer at once. */
  pendingPerSupporter: number;
  /** Requests a host may have waiting for its end user at once (more are refused as busy). */
  pendingPerHost: number;
  /** Requests, waiting or running, a device may be party to at all. */
  openPerDevice: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { pendingPerSupporter: 10, pendingPerHost: 5, openPerDevice: 32 };

export type OpenVerdict =
  { ok: true } | { ok: false; reason: 'supporter_limit'; retryAfterMs: number } | { ok: false; reason: 'host_busy' };

/** The hub's open requests, indexed by device so per-device limits cost no scan of the whole table. */
export class RequestTable {
  readonly #byId = new Map<string, RequestState>();
  readonly #byDevice = new Map<string, Set<string>>();

  constructor(private readonly limits: RequestLimits = DEFAULT_REQUEST_LIMITS) {}

  get size(): number {
    return this.#byId.size;
  }

  get(requestId: string): RequestState | undefined {
    return this.#byId.get(requestId);
  }

  has(requestId: string): boolean {
    return this.#byId.has(requestId);
  }

  values(): IterableIterator<RequestState> {
    return this.#byId.values();
  }

  /** Whether a new request between these two devices stays within the limits. */
  mayOpen(supporter: string, host: string, now: number, pendingTtlMs: number): OpenVerdict {
    const supporterOpen = this.#of(supporter);
    const waiting = supporterOpen.filter((request) => !request.started && request.supporter === supporter);
    if (waiting.length >= this.limits.pendingPerSupporter || supporterOpen.length >= this.limits.openPerDevice) {
      const oldest = Math.min(...waiting.map((request) => request.createdAt), now);
      return { ok: false, reason: 'supporter_limit', retryAfterMs: Math.max(0, oldest + pendingTtlMs - now) };
    }
    const hostOpen = this.#of(host);
    const asked = hostOpen.filter((request) => !request.started && request.host === host);
    if (asked.length >= this.limits.pendingPerHost || hostOpen.length >= this.limits.openPerDevice) {
      return { ok: false, reason: 'host_busy' };
    }
    return { ok: true };
  }

  add(request: RequestState): void {
    this.#byId.set(request.requestId, request);
    for (const party of [request.supporter, request.host]) {
      const own = this.#byDevice.get(party) ?? new Set<string>();
      own.add(request.requestId);
      this.#byDevice.set(party, own);
    }
  }

  delete(request: RequestState): void {
    this.#byId.delete(request.requestId);
    for (const party of [request.supporter, request.host]) {
      const own = this.#byDevice.get(party);
      own?.delete(request.requestId);
      if (own?.size === 0) this.#byDevice.delete(party);
    }
  }

  #of(deviceId: string): RequestState[] {
    return [...(this.#byDevice.get(deviceId) ?? [])].flatMap((id) => this.#byId.get(id) ?? []);
  }
}
