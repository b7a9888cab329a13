import type { FastifyBaseLogger } from 'fastify';
import WebSocket from 'ws';
import { SIGNAL_MAX_FRAME_BYTES } from '../../src-shared/signaling/protocol';

/** Where an instance takes the other instances' direct links (hidden: no API of anyone else's). */
export const NODE_LINK_PATH = '/internal/v1/node-link';
/** How long a node's announced address lives in Redis without a refresh: a node that died is forgotten. */
export const NODE_ADDRESS_TTL_S = 60;
const REFRESH_MS = 20_000;
/** After a failed attempt, messages to that node go through Redis for this long before the next. */
const RETRY_MS = 10_000;
/**
 * A link's socket takes frames up to the endpoint's WebSocket limit (a signaling frame's); a message
 * near that size, in its envelope, goes through Redis instead of closing the link (a third: each
 * character is at most three bytes).
 */
const LINK_MAX_CHARS = Math.floor(SIGNAL_MAX_FRAME_BYTES / 3);
/** The first message (the hello) must come within this long, or the accepting side closes the socket. */
export const NODE_HELLO_MS = 5000;

interface Outgoing {
  socket: WebSocket | null;
  open: boolean;
  /** When a failed attempt may be retried; 0 while one is under way or open. */
  retryAt: number;
  /**
   * Messages to this node that Redis has not yet taken: while any is on its way, the next goes
   * through Redis too, so a message sent directly never overtakes an earlier one.
   */
  viaRedis: number;
}

/**
 * Direct links between an endpoint's instances: a message for one node goes straight to it over a
 * WebSocket instead of through Redis's pub/sub, which costs a hop through a third process each
 * way. Only where the node announced an address (`--node-url`); until a link to it is open, and
 * whenever it breaks, the message goes through Redis as before — a link is a shortcut, never the
 * only path. Every frame carries the same signed envelope as the bus (the node's channel, a fresh
 * time, a unique ID), checked by the receiver exactly as a bus message, so a link carries nothing
 * Redis would not; the hello only keeps strangers from holding sockets open.
 */
export class NodeLinks {
  readonly #outgoing = new Map<string, Outgoing>();
  readonly #incoming = new Set<WebSocket>();
  #refresh: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly parts: {
      nodeId: string;
      /** The node's address as announced, by node ID (Redis). */
      addressOf: (nodeId: string) => Promise<string | null>;
      announce: (address: string) => Promise<void>;
      withdraw: () => Promise<void>;
      /** A signed hello from this node to `to`. */
      hello: (to: string) => string;
      /** Whether a hello is signed by a node of this endpoint, fresh, and for this node. */
      checkHello: (message: string) => boolean;
      /** A frame that arrived on a link: checked and handled as a bus message of this node. */
      received: (message: string) => void;
      log: FastifyBaseLogger;
    },
  ) {}

  /** Announces where the other nodes reach this one, and keeps announcing it while the node lives. */
  async announce(address: string): Promise<void> {
    await this.parts.announce(address);
    this.#refresh = setInterval(() => {
      this.parts.announce(address).catch((error: unknown) => {
        this.parts.log.warn({ err: { message: (error as Error).message } }, 'announcing this node’s address failed');
      });
    }, REFRESH_MS);
    this.#refresh.unref();
  }

  /**
   * Sends `message` over an open link to `nodeId`; false when there is none yet, and the caller
   * sends it through Redis (a link is opened meanwhile).
   */
  send(nodeId: string, message: string): boolean {
    if (this.#closed || nodeId === this.parts.nodeId || message.length > LINK_MAX_CHARS) return false;
    const link = this.#outgoing.get(nodeId);
    if (link?.open && link.viaRedis === 0 && link.socket?.readyState === WebSocket.OPEN) {
      link.socket.send(message);
      return true;
    }
    if (!link || (link.retryAt !== 0 && Date.now() >= link.retryAt)) void this.#open(nodeId);
    return false;
  }

  /** Counts a message to `nodeId` as on its way through Redis until `publishing` settles. */
  async viaRedis<T>(nodeId: string, publishing: Promise<T>): Promise<T> {
    const link = this.#outgoing.get(nodeId);
    if (link) link.viaRedis++;
    try {
      return await publishing;
    } finally {
      if (link) link.viaRedis--;
    }
  }

  /** A socket another node opened to this one: its hello first, then signed frames. */
  accept(socket: WebSocket): void {
    if (this.#closed) return socket.close(1001, 'closing');
    let greeted = false;
    const timer = setTimeout(() => socket.close(1008, 'hello first'), NODE_HELLO_MS);
    timer.unref();
    this.#incoming.add(socket);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (greeted) return this.parts.received(text);
      clearTimeout(timer);
      if (!this.parts.checkHello(text)) return socket.close(1008, 'not a node of this endpoint');
      greeted = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      this.#incoming.delete(socket);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#refresh) clearInterval(this.#refresh);
    for (const link of this.#outgoing.values()) link.socket?.close(1001, 'closing');
    for (const socket of this.#incoming) socket.close(1001, 'closing');
    this.#outgoing.clear();
    await this.parts.withdraw().catch(() => undefined);
  }

  async #open(nodeId: string): Promise<void> {
    const link: Outgoing = { socket: null, open: false, retryAt: 0, viaRedis: 0 };
    this.#outgoing.set(nodeId, link);
    const failed = () => {
      link.open = false;
      link.socket = null;
      link.retryAt = Date.now() + RETRY_MS;
    };
    let address: string | null;
    try {
      address = await this.parts.addressOf(nodeId);
    } catch {
      return failed();
    }
    if (!address || this.#closed) return failed();
    const socket = new WebSocket(`${address.replace(/^http/, 'ws').replace(/\/$/, '')}${NODE_LINK_PATH}`, {
      handshakeTimeout: NODE_HELLO_MS,
    });
    link.socket = socket;
    socket.on('open', () => {
      socket.send(this.parts.hello(nodeId));
      link.open = true;
    });
    socket.on('error', (error) => {
      this.parts.log.debug({ node: nodeId, err: { message: error.message } }, 'a direct node link failed');
    });
    socket.on('close', () => {
      if (this.#outgoing.get(nodeId) === link) failed();
    });
  }
}
