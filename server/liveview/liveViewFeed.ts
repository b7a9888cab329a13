import type { HelpSession, LiveViewChange } from '../../src-shared/liveview/contract';
import {
  LIVEVIEW_SNAPSHOT_CHUNK,
  SIGNAL_MAX_FRAME_BYTES,
  type ClientMessage,
  type LiveViewRefusal,
  type ServerMessage,
} from '../../src-shared/signaling/protocol';
import type { AccountStore } from '../accounts/accountStore';
import type { SharedLimiter } from '../shared/sharedState';
import { admitSubscriber, CompanySubscriptions, type CompanySubscriber } from '../signaling/companySubscriptions';
import type { FeatureSocket, HubFeature } from '../signaling/hub';
import type { SubscriptionTickets } from './subscriptionTicket';

/** At most one push per help session per subscriber in this window: bursts are coalesced, the latest wins. */
export const COALESCE_MS = 250;
/** A snapshot frame's help sessions stay below this many bytes of JSON, far below what a frame may carry. */
const SNAPSHOT_CHUNK_BYTES = Math.floor(SIGNAL_MAX_FRAME_BYTES / 2);

interface Subscriber extends CompanySubscriber {
  /** The latest change per help session not yet sent (all of them until the snapshot is out). */
  readonly pending: Map<string, LiveViewChange>;
  /** Snapshot sent: changes may flow. */
  live: boolean;
  lastFlush: number;
  flushTimer: NodeJS.Timeout | null;
}

/**
 * LV-1: a supporter's Live View, live over the device's signaling socket. A socket subscribes with
 * a ticket (`liveview.subscription`), gets its company's open help sessions as a snapshot, then
 * every change of that company's help sessions — and only of that company's — until the ticket
 * expires, it unsubscribes or the socket closes. The user's permission is checked again at each
 * subscribe; a ticket outlives a removed permission by its few minutes at most.
 */
export class LiveViewFeed implements HubFeature {
  readonly types = ['liveview-subscribe', 'liveview-unsubscribe'] as const;
  /** This instance's subscriptions. */
  readonly #subscriptions = new CompanySubscriptions<Subscriber>();

  constructor(
    private readonly parts: {
      tickets: SubscriptionTickets;
      accounts: Pick<AccountStore, 'byId'>;
      snapshot: (companyId: string) => Promise<HelpSession[]>;
      /** Subscribes per device (each one reads all of the company's help sessions). */
      limiter: SharedLimiter;
      now: () => number;
    },
  ) {}

  async handle(socket: FeatureSocket, message: ClientMessage): Promise<void> {
    if (message.type === 'liveview-unsubscribe') return this.closed(socket.id);
    if (message.type !== 'liveview-subscribe') return;
    // A new ticket ends the subscription it renews; a refused one ends it too.
    this.closed(socket.id);
    const admitted = await admitSubscriber(this.parts, socket, message.ticket, 'liveview.view');
    if (!admitted.ok) return refuse(socket, admitted.code);
    const subscriber: Subscriber = {
      socket,
      companyId: admitted.companyId,
      pending: new Map(),
      live: false,
      lastFlush: 0,
      flushTimer: null,
      expiryTimer: null,
    };
    // Listening before the read: a change committed meanwhile is sent after the snapshot, not lost.
    this.#subscriptions.add(subscriber);
    const helpSessions = await this.parts.snapshot(subscriber.companyId);
    if (socket.isClosed()) this.closed(socket.id);
    if (!this.#subscriptions.holds(subscriber)) return;
    for (const frame of snapshotFrames(helpSessions)) socket.send(frame);
    subscriber.live = true;
    this.#subscriptions.expireAt(subscriber, admitted.expiresAt, this.parts.now(), () =>
      refuse(socket, 'liveview_ticket_expired'),
    );
    this.#schedule(subscriber);
  }

  /** The socket closed or unsubscribed: nothing more is sent to it. */
  closed(socketId: string): void {
    const subscriber = this.#subscriptions.remove(socketId);
    if (subscriber?.flushTimer) clearTimeout(subscriber.flushTimer);
  }

  /** A change of one company's help sessions (from any instance): to that company's subscribers here, and no one else. */
  deliver(companyId: string, change: LiveViewChange): void {
    for (const subscriber of this.#subscriptions.of(companyId)) {
      subscriber.pending.set(change.kind === 'upsert' ? change.helpSession.id : change.id, change);
      this.#schedule(subscriber);
    }
  }

  close(): void {
    for (const subscriber of [...this.#subscriptions.all()]) this.closed(subscriber.socket.id);
  }

  /** Sends what is pending now if the last send is a window ago, else once the window has passed. */
  #schedule(subscriber: Subscriber): void {
    if (!subscriber.live || subscriber.flushTimer || subscriber.pending.size === 0) return;
    const wait = subscriber.lastFlush + COALESCE_MS - Date.now();
    if (wait <= 0) return this.#flush(subscriber);
    subscriber.flushTimer = setTimeout(() => this.#flush(subscriber), wait);
    subscriber.flushTimer.unref();
  }

  #flush(subscriber: Subscriber): void {
    subscriber.flushTimer = null;
    subscriber.lastFlush = Date.now();
    const changes = [...subscriber.pending.values()];
    subscriber.pending.clear();
    for (const change of changes) subscriber.socket.send(changeFrame(change));
  }
}

function refuse(socket: FeatureSocket, code: LiveViewRefusal): void {
  socket.send({ type: 'liveview-refused', code });
}

function changeFrame(change: LiveViewChange): ServerMessage {
  return change.kind === 'upsert'
    ? { type: 'liveview-upsert', helpSession: change.helpSession }
    : { type: 'liveview-remove', id: change.id, reason: change.reason };
}

/** The snapshot in frames each below SNAPSHOT_CHUNK_BYTES and LIVEVIEW_SNAPSHOT_CHUNK sessions; one empty frame when there is none. */
function snapshotFrames(helpSessions: HelpSession[]): ServerMessage[] {
  const frames: ServerMessage[] = [];
  let chunk: HelpSession[] = [];
  let bytes = 0;
  for (const helpSession of helpSessions) {
    const size = Buffer.byteLength(JSON.stringify(helpSession)) + 1;
    if (chunk.length > 0 && (bytes + size > SNAPSHOT_CHUNK_BYTES || chunk.length >= LIVEVIEW_SNAPSHOT_CHUNK)) {
      frames.push({ type: 'liveview-snapshot', helpSessions: chunk, done: false });
      chunk = [];
      bytes = 0;
    }
    chunk.push(helpSession);
    bytes += size;
  }
  frames.push({ type: 'liveview-snapshot', helpSessions: chunk, done: true });
  return frames;
}
