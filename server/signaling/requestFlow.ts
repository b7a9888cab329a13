import type {
  Access,
  ClientMessage,
  EndReason,
  HelpIncoming,
  HubErrorCode,
  ServerMessage,
  SupporterInfo,
} from '../../src-shared/signaling/protocol';
import type { HubLimits } from './hubLimits';
import type { HubState } from './hubState';
import type { Connection, HubOptions } from './hubTypes';
import { relayablePayload } from './relayPolicy';
import type { HelpRequestRecord, OpenVerdict, RequestState } from './requestTable';
import type { SourceKeys } from './sourceKeys';

const CODE_TTL_MS = 10 * 60 * 1000;
const PENDING_TTL_MS = 3 * 60 * 1000;

/** What the flow needs of the hub: its sockets here and the routes to other instances. */
export interface HubPort {
  /** To the device's socket on this or another instance; false when no instance holds it. */
  deliver(deviceId: string, message: ServerMessage): Promise<boolean>;
  online(deviceIds: readonly string[]): Promise<Set<string>>;
  send(connection: Connection, message: ServerMessage): void;
  error(
    connection: Connection,
    code: HubErrorCode,
    message: string,
    extra?: { requestId?: string | undefined; retryAfterMs?: number },
  ): void;
  /** A request was accepted (`started`) or ended: told once, by the instance that made the change. */
  requestChanged(request: RequestState, change: RequestChange): void;
}

export type RequestChange = { kind: 'started' } | { kind: 'ended'; reason: EndReason; by: string | null };

/** A help connection as Live View's feature checked it (grant, help session, company): what the hub opens. */
export interface HelpConnect {
  /** The help session's device. */
  target: string;
  incoming: HelpIncoming;
  record: HelpRequestRecord;
}

type Message<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/**
 * Connection requests and session codes between two devices: opening (by ID or code), relaying
 * only between the two parties, starting and ending. The tables are the hub state's (this
 * process's, or every instance's through Redis), so the two parties may sit on different instances.
 */
export class RequestFlow {
  constructor(
    private readonly options: HubOptions,
    private readonly state: HubState,
    private readonly limits: HubLimits,
    private readonly sourceKeys: SourceKeys,
    private readonly hub: HubPort,
    private readonly now: () => number,
  ) {}

  async handle(connection: Connection, self: string, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'connect':
        return this.#connect(connection, self, message);
      case 'code-create':
        return this.#codeCreate(connection, self, message);
      case 'code-lookup': {
        await this.limits.codeLookup(connection.source);
        const code = await this.#liveCode(connection, message.route);
        if (!code) return;
        return this.hub.send(connection, {
          type: 'code-info',
          route: message.route,
          from: code.supporter,
          supporter: code.info,
          access: code.access,
          expiresAt: new Date(code.expiresAt).toISOString(),
        });
      }
      case 'code-join':
        return this.#codeJoin(connection, self, message);
      case 'relay': {
        const request = await this.#partyOf(connection, self, message.requestId);
        if (!request) return;
        const payload = this.#relayable(connection, message);
        if (payload === undefined) return;
        const partner = request.supporter === self ? request.host : request.supporter;
        if (!(await this.hub.deliver(partner, { type: 'relay', requestId: message.requestId, payload }))) {
          return this.hub.error(connection, 'partner_offline', 'The partner is not online.', message);
        }
        return;
      }
      case 'started': {
        // A report, not an ask: when the partner's end overtook it (through another instance,
        // under load) there is nothing left to mark, and an error would end the host's session as
        // refused before the partner's `ended` reaches it.
        const request = await this.state.requests.get(message.requestId);
        if (!request || request.host !== self || request.started) return;
        request.started = true;
        await this.state.requests.update(request);
        await this.options.reports.started(request.requestId, new Date(this.now()));
        this.hub.requestChanged(request, { kind: 'started' });
        return;
      }
      case 'end': {
        const request = await this.#partyOf(connection, self, message.requestId);
        if (request) await this.#end(request, message.reason, self);
        return;
      }
      // The hub answers these itself, or hands them to the feature that does (Live View: SignalingHub.addFeature).
      case 'auth':
      case 'ping':
      case 'liveview-subscribe':
      case 'liveview-unsubscribe':
      case 'connect-help':
        return;
    }
  }

  /**
   * Drops expired codes, requests whose sessions never started, and requests one of whose
   * parties has been away from the hub for as long (the peers cannot renegotiate without it).
   * Every instance sweeps; removing a request is the step only one of them wins.
   */
  async sweep(): Promise<void> {
    const now = this.now();
    await this.state.codes.sweep(now);
    const ttl = this.options.pendingTtlMs ?? PENDING_TTL_MS;
    const requests = await this.state.requests.all();
    const online = await this.hub.online([...new Set(requests.flatMap((r) => [r.supporter, r.host]))]);
    for (const request of requests) {
      if (!request.started && now - request.createdAt > ttl) {
        await this.#end(request, 'timeout', null);
        continue;
      }
      const bothOnline = online.has(request.supporter) && online.has(request.host);
      const orphanedSince = bothOnline ? null : (request.orphanedSince ?? now);
      if (orphanedSince !== null && now - orphanedSince > ttl) await this.#end(request, 'connection_lost', null);
      else if (orphanedSince !== request.orphanedSince) {
        request.orphanedSince = orphanedSince;
        await this.state.requests.update(request);
      }
    }
  }

  async #connect(connection: Connection, self: string, message: Message<'connect'>): Promise<void> {
    await this.limits.connect(connection.source, self);
    if (message.target === self) {
      return this.hub.error(connection, 'invalid_message', 'A device cannot connect to itself.', message);
    }
    const hostOnline = (await this.hub.online([message.target])).has(message.target);
    if (!hostOnline || (await this.state.requests.has(message.requestId))) {
      return this.hub.error(connection, 'partner_offline', 'The partner is not online.', message);
    }
    const request = await this.#open(
      connection,
      message.requestId,
      self,
      message.target,
      'password',
      message.supporter,
      message.access,
    );
    if (request === 'refused') return;
    if (!request) return this.hub.error(connection, 'partner_offline', 'The partner is not online.', message);
    const incoming: ServerMessage = {
      type: 'incoming',
      requestId: message.requestId,
      from: self,
      supporter: message.supporter,
      access: message.access,
      method: 'password',
      sourceKey: this.sourceKeys.keyFor(message.target, connection.source),
    };
    if (!(await this.hub.deliver(message.target, incoming))) {
      return this.#withdraw(request, () =>
        this.hub.error(connection, 'partner_offline', 'The partner is not online.', message),
      );
    }
  }

  /**
   * LV-2 / LV-3: a help connection Live View's feature checked (`connectHelp.ts`): opened like
   * `connect`, to the help session's device, which hears who asks as the endpoint verified it.
   * True when the host was told.
   */
  async connectHelp(
    connection: Connection,
    self: string,
    message: Message<'connect-help'>,
    help: HelpConnect,
  ): Promise<boolean> {
    await this.limits.connect(connection.source, self);
    if (help.target === self) {
      this.hub.error(connection, 'invalid_message', 'A device cannot connect to itself.', message);
      return false;
    }
    const hostOnline = (await this.hub.online([help.target])).has(help.target);
    if (!hostOnline || (await this.state.requests.has(message.requestId))) {
      this.hub.error(connection, 'partner_offline', 'The partner is not online.', message);
      return false;
    }
    const request = await this.#open(
      connection,
      message.requestId,
      self,
      help.target,
      'help',
      message.supporter,
      message.access,
      help.record,
    );
    if (request === 'refused') return false;
    if (!request) {
      this.hub.error(connection, 'partner_offline', 'The partner is not online.', message);
      return false;
    }
    const incoming: ServerMessage = {
      type: 'incoming',
      requestId: message.requestId,
      from: self,
      supporter: message.supporter,
      access: message.access,
      method: 'help',
      help: help.incoming,
      sourceKey: this.sourceKeys.keyFor(help.target, connection.source),
    };
    if (!(await this.hub.deliver(help.target, incoming))) {
      await this.#withdraw(request, () =>
        this.hub.error(connection, 'partner_offline', 'The partner is not online.', message),
      );
      return false;
    }
    return true;
  }

  async #codeCreate(connection: Connection, self: string, message: Message<'code-create'>): Promise<void> {
    await this.limits.codeCreate(connection.source, self);
    const now = this.now();
    const expiresAt = now + (this.options.codeTtlMs ?? CODE_TTL_MS);
    const created = await this.state.codes.create({
      supporter: self,
      info: message.supporter,
      access: message.access,
      createdAt: now,
      expiresAt,
    });
    if (!created.ok) {
      return this.hub.error(
        connection,
        'codes_exhausted',
        'The endpoint holds as many live session codes as it allows; try again in a few minutes or connect by ID.',
      );
    }
    this.hub.send(connection, {
      type: 'code-created',
      route: created.route,
      expiresAt: new Date(expiresAt).toISOString(),
    });
  }

  async #codeJoin(connection: Connection, self: string, message: Message<'code-join'>): Promise<void> {
    await this.limits.codeLookup(connection.source);
    const code = await this.#liveCode(connection, message.route);
    if (!code) return;
    const offline = () =>
      this.hub.error(connection, 'partner_offline', 'The supporter who made this code is not online.', message);
    const supporterOnline = (await this.hub.online([code.supporter])).has(code.supporter);
    if (!supporterOnline || (await this.state.requests.has(message.requestId))) return offline();
    if (!(await this.#mayOpen(connection, code.supporter, self, message.requestId))) return;
    // Two hosts joining one code at once: one takes it, the other finds it gone.
    if (!(await this.state.codes.take(message.route))) {
      return this.hub.error(connection, 'code_unknown', 'No session code starts with these digits.');
    }
    const request = await this.#open(
      connection,
      message.requestId,
      code.supporter,
      self,
      'code',
      code.info,
      code.access,
    );
    if (request === 'refused') return;
    if (!request) return offline();
    const joined: ServerMessage = {
      type: 'code-joined',
      route: message.route,
      requestId: message.requestId,
      host: self,
    };
    if (!(await this.hub.deliver(code.supporter, joined))) return this.#withdraw(request, offline);
  }

  /** The payload as the partner may see it (see `relayablePayload`); an error when the policy refuses it. */
  #relayable(connection: Connection, message: Message<'relay'>): unknown {
    const relayable = relayablePayload(message.payload, this.options.turn?.relayOnly === true);
    if (relayable.ok) return relayable.payload;
    if (relayable.refused) {
      this.hub.error(
        connection,
        'invalid_message',
        'With relay-only sessions the hub forwards only peer messages.',
        message,
      );
    }
    return undefined;
  }

  /** Whether a request would be within both parties' limits now; tells the caller when not. */
  async #mayOpen(connection: Connection, supporter: string, host: string, requestId: string): Promise<boolean> {
    const ttl = this.options.pendingTtlMs ?? PENDING_TTL_MS;
    return this.#verdictTold(
      connection,
      requestId,
      await this.state.requests.mayOpen(supporter, host, this.now(), ttl),
    );
  }

  /** Refuses a request that would exceed a party's limits, with what the supporter can do. */
  #verdictTold(connection: Connection, requestId: string, verdict: OpenVerdict): boolean {
    if (verdict.ok) return true;
    if (verdict.reason === 'host_busy') {
      this.hub.error(connection, 'busy', 'The partner has too many connection requests waiting; try again later.', {
        requestId,
      });
    } else {
      this.hub.error(connection, 'rate_limited', 'Too many connection requests are waiting for an answer.', {
        requestId,
        retryAfterMs: verdict.retryAfterMs,
      });
    }
    return false;
  }

  /**
   * Opens and reports the request, within both parties' limits (checked and added as one step);
   * 'refused' when a limit said no (the caller was told), null when a request with this ID exists.
   */
  async #open(
    connection: Connection,
    requestId: string,
    supporter: string,
    host: string,
    method: RequestState['method'],
    info: SupporterInfo,
    access: Access,
    help?: HelpRequestRecord,
  ): Promise<RequestState | 'refused' | null> {
    const request: RequestState = {
      requestId,
      supporter,
      host,
      method,
      ...(help ? { help } : {}),
      createdAt: this.now(),
      started: false,
      orphanedSince: null,
    };
    const verdict = await this.state.requests.open(request, this.options.pendingTtlMs ?? PENDING_TTL_MS);
    if (!verdict.ok && verdict.reason === 'id_taken') return null;
    if (!this.#verdictTold(connection, requestId, verdict)) return 'refused';
    await this.options.reports.open({
      requestId,
      // The connection reports know passwords and codes: a help connection runs the code's
      // handshake, and the help session's record says the rest (LV-8).
      method: method === 'help' ? 'code' : method,
      access,
      supporterDeviceId: supporter,
      supporterName: info.name,
      supporterCompany: info.company,
      hostDeviceId: host,
      at: new Date(this.now()),
    });
    return request;
  }

  async #end(request: RequestState, reason: EndReason, by: string | null): Promise<void> {
    if (!(await this.state.requests.delete(request))) return;
    await this.options.reports.ended(request.requestId, reason, new Date(this.now()));
    this.hub.requestChanged(request, { kind: 'ended', reason, by });
    for (const party of [request.supporter, request.host]) {
      if (party !== by) await this.hub.deliver(party, { type: 'ended', requestId: request.requestId, reason });
    }
  }

  /**
   * The partner went away between the look and the message (its instance stopped, say): the
   * request is withdrawn and the sender hears the partner is offline, as if it had been all along.
   */
  async #withdraw(request: RequestState, tell: () => void): Promise<void> {
    if (await this.state.requests.delete(request)) {
      await this.options.reports.ended(request.requestId, 'connection_lost', new Date(this.now()));
      this.hub.requestChanged(request, { kind: 'ended', reason: 'connection_lost', by: null });
    }
    tell();
  }

  async #partyOf(connection: Connection, self: string, requestId: string): Promise<RequestState | null> {
    const request = await this.state.requests.get(requestId);
    if (!request || (request.supporter !== self && request.host !== self)) {
      this.hub.error(connection, 'unknown_request', 'There is no such request between you and a partner.', {
        requestId,
      });
      return null;
    }
    return request;
  }

  async #liveCode(connection: Connection, route: string) {
    const live = await this.state.codes.live(route, this.now());
    if (live.ok) return live.code;
    const why = {
      code_unknown: 'No session code starts with these digits.',
      code_expired: 'This session code has expired; ask for a new one.',
    };
    this.hub.error(connection, live.reason, why[live.reason]);
    return null;
  }
}
