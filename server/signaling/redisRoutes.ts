import { z } from 'zod';
import { deviceIdSchema } from '../../src-shared/domain/device';
import { serverMessageSchema, type ServerMessage } from '../../src-shared/signaling/protocol';
import { KEY_PREFIX, type RedisLink } from '../shared/redisLink';
import type { HubRoutes, RouteHandlers } from './hubState';

/** A route lives this long unless its instance renews it; an instance killed outright loses its routes so. */
const ROUTE_TTL_MS = 60_000;
const RENEW_EVERY_MS = 20_000;
/**
 * How long a node trusts a route it looked up for a session's relays. A stale one costs a hop, not
 * a message: the node it names hands on what it no longer holds (see `#received`).
 */
const RELAY_ROUTE_CACHE_MS = 2_000;

/** What one instance asks another on its bus; checked on receipt like anything from outside. */
const busMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('deliver'),
    to: deviceIdSchema,
    message: serverMessageSchema,
    /** Sent by a route the sender had cached: a receiver that no longer holds the device hands it on, once. */
    cached: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('replace'), to: deviceIdSchema, connection: z.string().min(1).max(64) }),
]);
type BusMessage = z.infer<typeof busMessageSchema>;

const routeKey = (deviceId: string) => `${KEY_PREFIX}route:${deviceId}`;
/** A route's value: the node holding the socket and the socket's connection ID. */
const routeValue = (nodeId: string, connectionId: string) => `${nodeId} ${connectionId}`;

/**
 * Deletes a route only while it is still the given connection's; renews it likewise, and puts it
 * back where Redis lost it (restarted empty, or failed over to a replica without it) while the
 * socket is still here. 0: another node holds the device now.
 */
const IF_OWNED = {
  renew: `local held = redis.call('get', KEYS[1])
if held == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if not held then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
return 0`,
};

/**
 * Device routes through Redis: `tandem:route:<device>` names the node (endpoint process) holding
 * the device's socket. A message for a device held elsewhere goes to that node's bus, signed
 * (RedisLink); nobody listening there means the node is gone, and the device counts as offline.
 * A route is set only when a device proves its key on this node, so no device can take another's.
 */
export class RedisRoutes implements HubRoutes {
  /** This node's routes, renewed while their sockets stay. */
  readonly #held = new Map<string, string>();
  /** Other nodes' routes looked up for relays, and until when they are trusted. */
  readonly #cached = new Map<string, { value: string; until: number }>();
  readonly #renewer: NodeJS.Timeout;
  #handlers: RouteHandlers | null = null;

  /** `renewEveryMs`: how often this node renews (and restores) its routes; shorter in tests. */
  constructor(
    private readonly link: RedisLink,
    private readonly log: { warn(object: object, message: string): void },
    renewEveryMs = RENEW_EVERY_MS,
  ) {
    link.onMessage((body) => this.#received(body));
    this.#renewer = setInterval(() => void this.#renew(), renewEveryMs).unref();
    // Back from an outage: this node's devices are reachable again at once, not at the next renewal.
    link.client.on('ready', this.#renewNow);
  }

  readonly #renewNow = () => void this.#renew();

  async claim(deviceId: string, connectionId: string): Promise<void> {
    const value = routeValue(this.link.nodeId, connectionId);
    this.#held.set(deviceId, value);
    const previous = await this.link.client.set(routeKey(deviceId), value, 'PX', ROUTE_TTL_MS, 'GET');
    const [node, connection] = previous?.split(' ') ?? [];
    if (node && connection && node !== this.link.nodeId) {
      await this.link.publish(node, { kind: 'replace', to: deviceId, connection } satisfies BusMessage);
    }
  }

  async release(deviceId: string, connectionId: string): Promise<void> {
    const value = routeValue(this.link.nodeId, connectionId);
    if (this.#held.get(deviceId) === value) this.#held.delete(deviceId);
    await this.link.deleteIfValue(routeKey(deviceId), value);
  }

  async heldElsewhere(deviceIds: readonly string[]): Promise<Set<string>> {
    if (deviceIds.length === 0) return new Set();
    const values = await this.link.client.mget(deviceIds.map(routeKey));
    return new Set(deviceIds.filter((_, i) => values[i] && !values[i]!.startsWith(`${this.link.nodeId} `)));
  }

  async forward(deviceId: string, message: ServerMessage): Promise<boolean> {
    // A session's relays (its ICE candidates, mostly) reuse a recent lookup: a round trip to Redis
    // less on each. Everything else looks the route up, so "offline" is told at once.
    const cached = message.type === 'relay' ? this.#cachedRoute(deviceId) : undefined;
    const value = cached ?? (await this.link.client.get(routeKey(deviceId)));
    const node = value?.split(' ')[0];
    if (!value || !node || node === this.link.nodeId) return false;
    if (message.type === 'relay' && !cached)
      this.#cached.set(deviceId, { value, until: Date.now() + RELAY_ROUTE_CACHE_MS });
    const body: BusMessage = { kind: 'deliver', to: deviceId, message, ...(cached ? { cached: true } : {}) };
    if ((await this.link.publish(node, body)) > 0) return true;
    this.#cached.delete(deviceId);
    // Its node is gone without giving up its routes (killed): the route goes now, not in a minute.
    await this.link.deleteIfValue(routeKey(deviceId), value);
    // A cached route may only be out of date: the device may be on another node by now.
    return cached ? this.forward(deviceId, message) : false;
  }

  #cachedRoute(deviceId: string): string | undefined {
    const entry = this.#cached.get(deviceId);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.value;
    this.#cached.delete(deviceId);
    return undefined;
  }

  listen(handlers: RouteHandlers): void {
    this.#handlers = handlers;
  }

  async close(): Promise<void> {
    clearInterval(this.#renewer);
    this.link.client.off('ready', this.#renewNow);
    this.#handlers = null;
    this.#held.clear();
    this.#cached.clear();
  }

  #received(body: unknown): void {
    const parsed = busMessageSchema.safeParse(body);
    if (!parsed.success) {
      this.log.warn(
        { issues: parsed.error.issues.length },
        'dropped a bus message that is not a signaling route message',
      );
      return;
    }
    const message = parsed.data;
    if (message.kind === 'deliver') {
      const delivered = this.#handlers?.deliver(message.to, message.message) ?? false;
      // The sender's cached route was out of date (the device moved or left): hand it on by the current one.
      if (!delivered && message.cached && !this.#held.has(message.to)) void this.#handOn(message.to, message.message);
    } else this.#handlers?.replaced(message.to, message.connection);
  }

  async #handOn(deviceId: string, message: ServerMessage): Promise<void> {
    const value = await this.link.client.get(routeKey(deviceId)).catch(() => null);
    const node = value?.split(' ')[0];
    if (!node || node === this.link.nodeId) return;
    await this.link.publish(node, { kind: 'deliver', to: deviceId, message } satisfies BusMessage).catch(() => 0);
  }

  async #renew(): Promise<void> {
    const held = [...this.#held];
    if (held.length === 0) return;
    const pipeline = this.link.client.pipeline();
    for (const [deviceId, value] of held) pipeline.eval(IF_OWNED.renew, 1, routeKey(deviceId), value, ROUTE_TTL_MS);
    const results = (await pipeline.exec().catch(() => null)) ?? [];
    // A route another node took (the device connected there) is no longer this node's to renew.
    held.forEach(([deviceId, value], i) => {
      if (results[i]?.[1] === 0 && this.#held.get(deviceId) === value) this.#held.delete(deviceId);
    });
  }
}
