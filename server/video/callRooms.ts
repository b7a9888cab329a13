import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  callRoleSchema,
  callServerFrameSchema,
  type CallRole,
  type CallServerFrame,
} from '../../src-shared/video/live';
import { KEY_PREFIX, type RedisLink } from '../shared/redisLink';
import type { SharedState } from '../shared/sharedState';

/** One side's socket in a call: the endpoint process holding it, the socket, and the name the other side sees. */
export interface CallMember {
  readonly node: string;
  readonly conn: string;
  readonly name: string;
}

/**
 * Who is in which call, shared by every instance (the two sides may reach different ones), and how
 * a frame reaches a side's socket wherever it is. Each side is a seat: `live` while its socket is
 * open, `gone` once it dropped (until it rejoins or the rejoin window runs out), absent when it
 * never came or the call is over. What must happen once — who offers, the end — is decided by one
 * atomic step on the seats, never by two instances reading and then writing.
 */
export interface CallRooms {
  readonly node: string;
  /** Takes the side's seat unless a live socket holds it; atomically with it, the other side's live member. */
  join(
    sessionId: string,
    role: CallRole,
    member: CallMember,
  ): Promise<{ busy: true } | { busy: false; peer: CallMember | null }>;
  /** The side's socket closed: its seat turns `gone` (if still this socket's); the other side's live member. */
  leave(sessionId: string, role: CallRole, member: CallMember): Promise<CallMember | null>;
  /** Whether the seat is still the `gone` one this socket left (no rejoin since). */
  stillGone(sessionId: string, role: CallRole, member: CallMember): Promise<boolean>;
  /** The live member of a side. */
  live(sessionId: string, role: CallRole): Promise<CallMember | null>;
  /** The call's end: true for exactly one caller per call, on every instance together. */
  claimEnd(sessionId: string): Promise<boolean>;
  /** A new call of the session begins (CONFIRMED again after a reopen): its end may be claimed again. */
  newCall(sessionId: string): Promise<void>;
  /** Frees the side's seat if it is still this member's (it left a call that had not started). */
  release(sessionId: string, role: CallRole, member: CallMember): Promise<void>;
  /** Frees both seats (the call is over). */
  clear(sessionId: string): Promise<void>;
  /**
   * The other side's instance died with its socket (no close was seen): its seat has turned `gone`,
   * as if it had left; the handler treats it so (tells this side, starts the rejoin window).
   */
  onVanished(handler: (sessionId: string, role: CallRole, member: CallMember) => void): void;
  /** Sends a frame to a member's socket, here or on its instance; `close`: the socket closes after it. */
  send(member: CallMember, frame: CallServerFrame, close?: boolean): Promise<void>;
  /** What `send` delivers to this instance's sockets. */
  onDeliver(handler: (conn: string, frame: CallServerFrame, close: boolean) => void): void;
  close(): Promise<void>;
}

const other = (role: CallRole): CallRole => (role === 'employee' ? 'code-user' : 'employee');
const LIVE = 'live|';
const GONE = 'gone|';
const memberValue = (member: CallMember) => JSON.stringify({ node: member.node, conn: member.conn, name: member.name });
const memberSchema = z.object({ node: z.string(), conn: z.string(), name: z.string() });

function parseSeat(value: string | null | undefined, state: string): CallMember | null {
  if (!value?.startsWith(state)) return null;
  try {
    const parsed = memberSchema.safeParse(JSON.parse(value.slice(state.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function callRooms(shared: SharedState, rejoinMs: number): CallRooms {
  return shared.kind === 'redis' ? new RedisCallRooms(shared.link, rejoinMs) : new MemoryCallRooms();
}

/** One instance: the seats in a map, every step synchronous and so atomic. */
class MemoryCallRooms implements CallRooms {
  readonly node = 'local';
  readonly #seats = new Map<string, string>();
  readonly #over = new Set<string>();
  #deliver: (conn: string, frame: CallServerFrame, close: boolean) => void = () => undefined;

  async join(sessionId: string, role: CallRole, member: CallMember) {
    if (parseSeat(this.#seats.get(`${sessionId} ${role}`), LIVE)) return { busy: true as const };
    this.#seats.set(`${sessionId} ${role}`, LIVE + memberValue(member));
    return { busy: false as const, peer: parseSeat(this.#seats.get(`${sessionId} ${other(role)}`), LIVE) };
  }

  async leave(sessionId: string, role: CallRole, member: CallMember) {
    const key = `${sessionId} ${role}`;
    if (this.#seats.get(key) === LIVE + memberValue(member)) this.#seats.set(key, GONE + memberValue(member));
    return this.live(sessionId, other(role));
  }

  async stillGone(sessionId: string, role: CallRole, member: CallMember) {
    return this.#seats.get(`${sessionId} ${role}`) === GONE + memberValue(member);
  }

  async live(sessionId: string, role: CallRole) {
    return parseSeat(this.#seats.get(`${sessionId} ${role}`), LIVE);
  }

  async claimEnd(sessionId: string) {
    if (this.#over.has(sessionId)) return false;
    this.#over.add(sessionId);
    return true;
  }

  async newCall(sessionId: string) {
    this.#over.delete(sessionId);
  }

  async release(sessionId: string, role: CallRole, member: CallMember) {
    const key = `${sessionId} ${role}`;
    const seat = this.#seats.get(key);
    if (seat === LIVE + memberValue(member) || seat === GONE + memberValue(member)) this.#seats.delete(key);
  }

  async clear(sessionId: string) {
    for (const role of callRoleSchema.options) this.#seats.delete(`${sessionId} ${role}`);
  }

  async send(member: CallMember, frame: CallServerFrame, close = false) {
    this.#deliver(member.conn, frame, close);
  }

  onDeliver(handler: (conn: string, frame: CallServerFrame, close: boolean) => void) {
    this.#deliver = handler;
  }

  // One process: an instance that dies takes both sides with it.
  onVanished() {}

  async close() {}
}

/** A seat outlives its instance by this much at most: an instance killed outright frees its seats so. */
const SEAT_TTL_MS = 60_000;
/** How often an instance renews its seats and looks whether the other sides' instances still live (at most). */
const RENEW_EVERY_MS = 15_000;
/** How long the end of a call is remembered (a late `end` from the other side must not end it twice). */
const OVER_TTL_MS = 24 * 3600_000;

const SCRIPTS = {
  /** KEYS: own seat, other seat. ARGV: live value, ttl. → {0} busy, or {1, other seat or ''}. */
  join: `local mine = redis.call('get', KEYS[1])
if mine and string.sub(mine, 1, 5) == 'live|' then return {0, mine} end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, redis.call('get', KEYS[2]) or ''}`,
  /** As `join`, over a live seat whose instance is gone. ARGV: that seat's value, live value, ttl. */
  takeOver: `local mine = redis.call('get', KEYS[1])
if mine ~= ARGV[1] then return {0, mine or ''} end
redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
return {1, redis.call('get', KEYS[2]) or ''}`,
  /** KEYS: own seat, other seat. ARGV: live value, gone value, ttl. → the other seat or ''. */
  leave: `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return redis.call('get', KEYS[2]) or ''`,
  /** KEYS: seat. ARGV: live value, ttl. Renews a seat while it is still this socket's. */
  renew: `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`,
};

const busSchema = z.object({ conn: z.string().max(64), frame: callServerFrameSchema, close: z.boolean() });

/**
 * Several instances: the seats are Redis keys (`tandem:call:<hidden session>:<side>`) whose values
 * name the instance and socket; a frame for a socket elsewhere goes to that instance's topic, signed
 * (RedisLink). The end is a SET NX, so when both sides end at once on two instances, or a drop timer
 * fires beside an `end`, the session moves to DONE once and both sides hear `ended` once.
 */
class RedisCallRooms implements CallRooms {
  readonly node: string;
  readonly #topic: string;
  /** This instance's live seats, by key. */
  readonly #held = new Map<string, { value: string; sessionId: string; role: CallRole }>();
  readonly #renewer: NodeJS.Timeout;
  #deliver: (conn: string, frame: CallServerFrame, close: boolean) => void = () => undefined;
  #vanished: (sessionId: string, role: CallRole, member: CallMember) => void = () => undefined;
  #subscribed: Promise<void>;

  constructor(
    private readonly link: RedisLink,
    private readonly rejoinMs: number,
  ) {
    this.node = `${link.nodeId}.${randomBytes(4).toString('base64url')}`;
    this.#topic = `video-call:${this.node}`;
    this.#subscribed = link.subscribeTopic(this.#topic, (body) => {
      const parsed = busSchema.safeParse(body);
      if (parsed.success) this.#deliver(parsed.data.conn, parsed.data.frame, parsed.data.close);
    });
    // Within the rejoin window, a side whose instance died is noticed while the window still means something.
    const every = Math.min(RENEW_EVERY_MS, Math.max(50, Math.floor(rejoinMs / 3)));
    this.#renewer = setInterval(() => void this.#renew().catch(() => undefined), every);
    this.#renewer.unref();
  }

  #key(sessionId: string, part: string): string {
    return `${KEY_PREFIX}call:${this.link.hide('video-call', sessionId)}:${part}`;
  }

  async join(sessionId: string, role: CallRole, member: CallMember) {
    await this.#subscribed;
    const value = LIVE + memberValue(member);
    const own = this.#key(sessionId, role);
    const theirs = this.#key(sessionId, other(role));
    let [taken, seat] = (await this.link.client.eval(SCRIPTS.join, 2, own, theirs, value, SEAT_TTL_MS)) as [
      number,
      string,
    ];
    const holder = taken === 1 ? null : parseSeat(seat, LIVE);
    // Held by a socket of an instance that died (a phone rejoining elsewhere must not wait for its seat to expire).
    if (holder && !(await this.#alive(holder.node))) {
      [taken, seat] = (await this.link.client.eval(SCRIPTS.takeOver, 2, own, theirs, seat, value, SEAT_TTL_MS)) as [
        number,
        string,
      ];
    }
    if (taken !== 1) return { busy: true as const };
    this.#held.set(own, { value, sessionId, role });
    return { busy: false as const, peer: parseSeat(seat, LIVE) };
  }

  async leave(sessionId: string, role: CallRole, member: CallMember) {
    const own = this.#key(sessionId, role);
    this.#held.delete(own);
    const peer = (await this.link.client.eval(
      SCRIPTS.leave,
      2,
      own,
      this.#key(sessionId, other(role)),
      LIVE + memberValue(member),
      GONE + memberValue(member),
      // The gone seat outlives the window, so the drop timer still finds it when it fires.
      this.rejoinMs + SEAT_TTL_MS,
    )) as string;
    return parseSeat(peer, LIVE);
  }

  async stillGone(sessionId: string, role: CallRole, member: CallMember) {
    return (await this.link.client.get(this.#key(sessionId, role))) === GONE + memberValue(member);
  }

  async live(sessionId: string, role: CallRole) {
    return parseSeat(await this.link.client.get(this.#key(sessionId, role)), LIVE);
  }

  async claimEnd(sessionId: string) {
    return (await this.link.client.set(this.#key(sessionId, 'over'), '1', 'PX', OVER_TTL_MS, 'NX')) === 'OK';
  }

  async newCall(sessionId: string) {
    await this.link.client.del(this.#key(sessionId, 'over'));
  }

  async release(sessionId: string, role: CallRole, member: CallMember) {
    const key = this.#key(sessionId, role);
    this.#held.delete(key);
    await this.link.deleteIfValue(key, LIVE + memberValue(member));
    await this.link.deleteIfValue(key, GONE + memberValue(member));
  }

  async clear(sessionId: string) {
    const keys = callRoleSchema.options.map((role) => this.#key(sessionId, role));
    for (const key of keys) this.#held.delete(key);
    await this.link.client.del(...keys);
  }

  async send(member: CallMember, frame: CallServerFrame, close = false) {
    if (member.node === this.node) return this.#deliver(member.conn, frame, close);
    // Nobody listening: that instance is gone, and its socket with it (the drop window covers it).
    await this.link.broadcast(`video-call:${member.node}`, { conn: member.conn, frame, close });
  }

  onDeliver(handler: (conn: string, frame: CallServerFrame, close: boolean) => void) {
    this.#deliver = handler;
  }

  onVanished(handler: (sessionId: string, role: CallRole, member: CallMember) => void) {
    this.#vanished = handler;
  }

  /** Whether an instance still listens on its topic (one killed outright does not). */
  async #alive(node: string): Promise<boolean> {
    if (node === this.node) return true;
    const [, listeners] = (await this.link.client.pubsub('NUMSUB', this.link.topic(`video-call:${node}`))) as [
      string,
      number,
    ];
    return Number(listeners) > 0;
  }

  /** Renews this instance's seats, and turns the other side's seat `gone` where its instance died. */
  async #renew() {
    for (const [key, { value, sessionId, role }] of this.#held) {
      await this.link.client.eval(SCRIPTS.renew, 1, key, value, SEAT_TTL_MS);
      const side = other(role);
      const theirs = this.#key(sessionId, side);
      const member = parseSeat(await this.link.client.get(theirs), LIVE);
      if (!member || (await this.#alive(member.node))) continue;
      await this.link.client.eval(
        SCRIPTS.leave,
        2,
        theirs,
        key,
        LIVE + memberValue(member),
        GONE + memberValue(member),
        this.rejoinMs + SEAT_TTL_MS,
      );
      if (await this.stillGone(sessionId, side, member)) this.#vanished(sessionId, side, member);
    }
  }

  async close() {
    clearInterval(this.#renewer);
  }
}
