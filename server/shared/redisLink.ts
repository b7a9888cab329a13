import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { z } from 'zod';
import { NODE_ADDRESS_TTL_S, NodeLinks } from './nodeLinks';
import type { LimiterOptions, SharedLimiter, SharedState } from './sharedState';

/** Every key this endpoint writes starts so; a Redis shared with other software keeps them apart. */
export const KEY_PREFIX = 'tandem:';
/** Deletes a key only while it still holds the given value: what its holder set, not what another set since. */
const DELETE_IF_VALUE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
/** A bus message older than this is refused, and a copy of a recent one by its ID: a captured one cannot be played back. */
const BUS_MAX_AGE_MS = 30_000;

/** Redis could not be reached at start: the operator's to fix (the address, never its password). */
export class RedisUnreachableError extends Error {}

/**
 * A value this endpoint stored in Redis as JSON, checked against its schema on the way back:
 * anything else (someone else's write, a torn value) is `undefined`, and `onForeign` hears of it.
 */
export function readStored<T>(schema: z.ZodType<T>, value: string | null, onForeign: () => void): T | undefined {
  if (value === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  onForeign();
  return undefined;
}

/** The URL without its user name and password, for messages and logs. */
export function redisUrlForLogs(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * One endpoint process's connection to the Redis its instances share: a client for commands, a
 * second one for its bus channel (a subscribed connection can do nothing else), its node ID (this
 * process, not the endpoint: every instance has the same instance ID), and the key everything it
 * publishes is signed with.
 *
 * The key is derived from the endpoint's private secret in the shared database, so only the
 * endpoint's own instances can sign: someone who can write to Redis but not read the database
 * cannot put a message on an instance's bus. The same key hides values in key names (addresses,
 * e-mail addresses, session codes), so nothing a user typed or a source address shows in Redis.
 */
export class RedisLink {
  readonly nodeId = randomBytes(12).toString('base64url');
  readonly #key: Buffer;
  /** The IDs of bus messages received in the last while, oldest first: a copy of one is played back. */
  readonly #seen = new Map<string, number>();
  #handler: ((body: unknown) => void) | null = null;
  /** What arrives on each topic this node subscribed to, by channel. */
  readonly #topics = new Map<string, (body: unknown) => void>();
  /** Direct links to the other nodes, where they announced an address (`--node-url`). */
  readonly links: NodeLinks;
  readonly #nodeMessageListeners: ((path: 'direct' | 'redis') => void)[] = [];
  /**
   * Numbers this node's bus messages. With the node ID an ID is unique, all the replay check needs
   * (the signature covers it): cheaper than random bytes on each relayed signal.
   */
  #sent = 0;

  private constructor(
    readonly client: Redis,
    private readonly subscriber: Redis,
    secret: Buffer,
    private readonly log: FastifyBaseLogger,
  ) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'tandem-shared-state:v1', 32));
    const addressKey = (nodeId: string) => `${KEY_PREFIX}node-address:${nodeId}`;
    const helloChannel = (to: string) => `${KEY_PREFIX}node-hello:${to}`;
    this.links = new NodeLinks({
      nodeId: this.nodeId,
      addressOf: (nodeId) => this.client.get(addressKey(nodeId)),
      announce: async (address) =>
        void (await this.client.set(addressKey(this.nodeId), address, 'EX', NODE_ADDRESS_TTL_S)),
      withdraw: async () => void (await this.client.del(addressKey(this.nodeId))),
      hello: (to) => this.#sign(helloChannel(to), { from: this.nodeId }),
      checkHello: (message) => this.#open(helloChannel(this.nodeId), message) !== undefined,
      received: (message) => this.#received(this.channel(this.nodeId), message),
      log,
    });
  }

  static async connect(url: string, secret: Buffer, log: FastifyBaseLogger): Promise<RedisLink> {
    const options = {
      lazyConnect: true,
      connectTimeout: 5000,
      // Reconnects after start with a capped back-off; a command waits for the connection meanwhile.
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 3000),
      maxRetriesPerRequest: 3,
    };
    const client = new Redis(url, options);
    const subscriber = new Redis(url, options);
    const link = new RedisLink(client, subscriber, secret, log);
    let reported = false;
    for (const connection of [client, subscriber]) {
      connection.on('error', (error: Error) => {
        if (reported) return;
        reported = true;
        log.error({ redis: redisUrlForLogs(url), err: { message: error.message } }, 'Redis connection failed');
      });
      connection.on('ready', () => {
        reported = false;
      });
    }
    try {
      await Promise.all([client.connect(), subscriber.connect()]);
      await subscriber.subscribe(link.channel(link.nodeId));
    } catch (error) {
      client.disconnect();
      subscriber.disconnect();
      throw new RedisUnreachableError(`Redis at ${redisUrlForLogs(url)} is not reachable: ${(error as Error).message}`);
    }
    subscriber.on('message', (channel: string, text: string) => link.#received(channel, text));
    return link;
  }

  /** Deletes `key` if it still holds `value`; true when it did. */
  async deleteIfValue(key: string, value: string): Promise<boolean> {
    return (await this.client.eval(DELETE_IF_VALUE, 1, key, value)) === 1;
  }

  /** The bus channel of one node. */
  channel(nodeId: string): string {
    return `${KEY_PREFIX}bus:${nodeId}`;
  }

  /** A key part that names `value` without showing it; the same on every instance. */
  hide(purpose: string, value: string): string {
    return createHmac('sha256', this.#key).update(`${purpose}\n${value}`).digest('base64url').slice(0, 27);
  }

  /**
   * Signs and sends `body` to a node's bus: over the direct link to it where one is open, else
   * through Redis. Resolves with how many nodes received it (0: none listens, the route is stale).
   */
  async publish(nodeId: string, body: unknown): Promise<number> {
    const channel = this.channel(nodeId);
    const message = this.#sign(channel, body);
    const direct = this.links.send(nodeId, message);
    for (const listener of this.#nodeMessageListeners) listener(direct ? 'direct' : 'redis');
    return direct ? 1 : this.links.viaRedis(nodeId, this.client.publish(channel, message));
  }

  /** Hears each message sent to another node, by the path it took (the metrics count them). */
  onNodeMessage(listener: (path: 'direct' | 'redis') => void): void {
    this.#nodeMessageListeners.push(listener);
  }

  /** The channel of a topic every node may subscribe to (one feature's broadcasts). */
  topic(name: string): string {
    return `${KEY_PREFIX}topic:${name}`;
  }

  /** Signs and publishes `body` to every node subscribed to the topic, this one included. */
  broadcast(name: string, body: unknown): Promise<number> {
    return this.#publishOn(this.topic(name), body);
  }

  /** Hears the topic's broadcasts, checked like the bus (signature, age, replay); the receiver validates them. */
  async subscribeTopic(name: string, handler: (body: unknown) => void): Promise<void> {
    this.#topics.set(this.topic(name), handler);
    await this.subscriber.subscribe(this.topic(name));
  }

  #publishOn(channel: string, body: unknown): Promise<number> {
    return this.client.publish(channel, this.#sign(channel, body));
  }

  /** The envelope every bus message travels in: signed for its channel, timed, numbered. */
  #sign(channel: string, body: unknown): string {
    const text = JSON.stringify({ id: `${this.nodeId}.${(this.#sent++).toString(36)}`, at: Date.now(), body });
    return `${this.#mac(channel, text)}.${text}`;
  }

  /** What arrives on this node's bus, signed by an instance of this endpoint and fresh; the receiver validates it. */
  onMessage(handler: (body: unknown) => void): void {
    this.#handler = handler;
  }

  /** `memory`'s counterpart: limiters whose counts live in Redis, their keys hidden. */
  state(): SharedState {
    return {
      kind: 'redis',
      link: this,
      limiter: (name, options) => this.#limiter(name, options),
      reachable: () => this.reachable(),
      close: () => this.close(),
    };
  }

  /**
   * Whether Redis answers a PING within `timeoutMs`. Not while the client is reconnecting: a
   * command would wait in its queue for the connection rather than answer.
   */
  async reachable(timeoutMs = 1000): Promise<boolean> {
    if (this.client.status !== 'ready') return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const answered = this.client.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Quits politely, but never waits more than a second for a Redis that does not answer. */
  async close(): Promise<void> {
    await this.links.close();
    this.#handler = null;
    this.#topics.clear();
    const quit = async (connection: Redis) => {
      const timeout = new Promise((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([connection.quit().catch(() => undefined), timeout]);
      connection.disconnect();
    };
    await Promise.all([quit(this.subscriber), quit(this.client)]);
  }

  #limiter(name: string, options: LimiterOptions): SharedLimiter {
    const limiter = new RateLimiterRedis({
      storeClient: this.client,
      keyPrefix: `${KEY_PREFIX}rl:${name}`,
      ...options,
      // While Redis cannot be reached, each instance counts on its own rather than failing the
      // request (sign-in would answer 500): the limit holds per instance until Redis is back.
      insuranceLimiter: new RateLimiterMemory(options),
      // ... at once, not after the client's reconnect attempts.
      rejectIfRedisNotReady: true,
    });
    const hidden = (key: string) => this.hide(`limit:${name}`, key);
    return {
      consume: (key, points) => limiter.consume(hidden(key), points),
      reward: (key, points) => limiter.reward(hidden(key), points),
      delete: (key) => limiter.delete(hidden(key)),
    };
  }

  #mac(channel: string, text: string): string {
    return createHmac('sha256', this.#key).update(`${channel}\n${text}`).digest('base64url');
  }

  /**
   * The body of an envelope signed for `channel`, recent, and not seen before (then remembered);
   * `undefined` for anything else, which is logged without its content.
   */
  #open(channel: string, message: string): unknown {
    const dot = message.indexOf('.');
    const text = dot > 0 ? message.slice(dot + 1) : '';
    const given = Buffer.from(dot > 0 ? message.slice(0, dot) : '');
    const expected = Buffer.from(this.#mac(channel, text));
    let fresh = false;
    let body: unknown;
    let id: unknown;
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      const parsed = JSON.parse(text) as { id?: unknown; at?: unknown; body?: unknown };
      fresh = typeof parsed.at === 'number' && Math.abs(Date.now() - parsed.at) <= BUS_MAX_AGE_MS;
      ({ id, body } = parsed);
    }
    if (fresh && (typeof id !== 'string' || this.#seen.has(id))) {
      // Signed and recent, but a copy of one already delivered (someone who can publish to Redis replays it).
      this.log.warn({ channel }, 'dropped a replayed (or unnumbered) bus message');
      return undefined;
    }
    if (!fresh) {
      // Nothing of the message itself is logged: it is not ours, and may carry anything.
      this.log.warn({ channel, chars: message.length }, 'dropped a bus message not signed by this endpoint');
      return undefined;
    }
    this.#remember(id as string);
    return body ?? null;
  }

  #received(channel: string, message: string): void {
    const body = this.#open(channel, message);
    if (body === undefined) return;
    // The signature covers the channel, so a message cannot be moved to another topic or bus.
    const handler = channel === this.channel(this.nodeId) ? this.#handler : this.#topics.get(channel);
    handler?.(body);
  }

  /** Keeps a delivered message's ID for as long as a copy of it would still count as recent. */
  #remember(id: string): void {
    const now = Date.now();
    this.#seen.set(id, now);
    for (const [old, at] of this.#seen) {
      if (now - at <= 2 * BUS_MAX_AGE_MS) break;
      this.#seen.delete(old);
    }
  }
}
