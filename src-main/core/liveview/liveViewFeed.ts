import { TandemError } from '../../../src-shared/errors';
import { LIVEVIEW_TICKET_TTL_MS, liveviewRoutes } from '../../../src-shared/liveview/contract';
import type { LiveViewState } from '../../../src-shared/liveview/liveViewIpc';
import { LiveViewRowsKeeper } from '../../../src-shared/liveview/liveViewRows';
import type { ServerMessage } from '../../../src-shared/signaling/protocol';
import type { CoreServices } from '../coreServices';

/** The window hears the rows at most this often: a burst of changes over 10,000 rows is one message. */
export const LIVEVIEW_FLUSH_MS = 100;
/** A ticket is renewed when this share of its life is over, well before the hub ends the subscription. */
const RENEW_AT = 0.8;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

interface Ticket {
  readonly ticket: string;
  /** When to ask for the next one, on this computer's clock. */
  readonly renewAt: number;
}

/**
 * LV-1, the supporter's side: while a window shows the Live View, the core holds a subscription to
 * the company's help sessions on the device's signaling connection. It asks the endpoint for a
 * ticket (`liveview.subscription`, for this device and the signed-in user), subscribes, renews the
 * ticket before it runs out (the fresh snapshot is reconciled with the rows it has, so nothing
 * flickers), subscribes again whenever the signaling connection comes back, and tells the window
 * the state and the rows in batches (`liveView.state`, `liveView.rows`).
 */
export class LiveViewFeedClient {
  #shown = false;
  #state: LiveViewState = { state: 'closed' };
  readonly #rows = new LiveViewRowsKeeper();
  #ticket: Ticket | null = null;
  /** Bumped whenever what is under way stops mattering (closed, offline): a late answer is dropped. */
  #generation = 0;
  #retryMs = RETRY_MIN_MS;
  #flushTimer: NodeJS.Timeout | null = null;
  #renewTimer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly parts: Pick<CoreServices, 'cloud' | 'signaling' | 'account' | 'events' | 'log'> & {
      flushMs?: number;
    },
  ) {
    parts.signaling.on('message', (message) => this.#onMessage(message));
    parts.signaling.on('state', (state) => (state === 'online' ? this.#online() : this.#offline()));
  }

  get state(): LiveViewState {
    return this.#state;
  }

  /** A window shows the Live View: subscribe if not yet, and send it every row. */
  open(): LiveViewState {
    this.#rows.resendAll();
    this.#scheduleFlush();
    if (!this.#shown) {
      this.#shown = true;
      this.#start();
    }
    return this.#state;
  }

  /** No window shows it any more: unsubscribe and forget the rows. */
  close(): void {
    if (!this.#shown) return;
    this.#shown = false;
    this.#stop();
    if (this.parts.signaling.state === 'online') this.parts.signaling.send({ type: 'liveview-unsubscribe' });
    this.#rows.forget();
    this.#ticket = null;
    this.#setState({ state: 'closed' });
  }

  #start(): void {
    if (!this.parts.account.signedIn()) return this.#setState({ state: 'signed_out' });
    if (this.parts.signaling.state !== 'online') return this.#offline();
    if (this.#rows.size === 0) this.#setState({ state: 'loading' });
    void this.#subscribe(true);
  }

  /** Everything under way stops: timers, a ticket being fetched, a snapshot arriving. */
  #stop(): void {
    this.#generation++;
    this.#rows.dropSnapshot();
    for (const timer of [this.#renewTimer, this.#retryTimer]) if (timer) clearTimeout(timer);
    this.#renewTimer = null;
    this.#retryTimer = null;
  }

  /** Subscribes with the ticket in hand while it is fresh (`reuse`), otherwise with a new one. */
  async #subscribe(reuse: boolean): Promise<void> {
    this.#stop();
    const generation = this.#generation;
    let ticket = reuse && this.#ticket && this.#ticket.renewAt > Date.now() ? this.#ticket : null;
    try {
      if (!ticket) {
        const issued = await this.parts.cloud.call(liveviewRoutes['liveview.subscription'], {});
        // The endpoint's clock may differ from this one: only the ticket's remaining life counts.
        const life = Math.min(Math.max(Date.parse(issued.expiresAt) - Date.now(), 0), LIVEVIEW_TICKET_TTL_MS);
        ticket = { ticket: issued.ticket, renewAt: Date.now() + life * RENEW_AT };
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      return this.#failed(error);
    }
    if (generation !== this.#generation) return;
    this.#ticket = ticket;
    this.#rows.expectSnapshot();
    this.parts.signaling.send({ type: 'liveview-subscribe', ticket: ticket.ticket });
    this.#renewTimer = setTimeout(() => void this.#subscribe(false), Math.max(ticket.renewAt - Date.now(), 0));
    this.#renewTimer.unref();
  }

  #failed(error: unknown): void {
    const code = error instanceof TandemError ? error.code : null;
    if (code === 'forbidden') return this.#notPermitted();
    if (code === 'signed_out') {
      this.#forgetRows();
      return this.#setState({ state: 'signed_out' });
    }
    // The endpoint is away while the hub is not (or a network hiccup): try again, backing off.
    this.parts.log.warn({ err: (error as Error).message, retryInMs: this.#retryMs }, 'Live View ticket failed');
    if (this.#state.state !== 'offline') this.#setState({ state: 'offline', since: new Date().toISOString() });
    this.#retryLater();
  }

  #retryLater(): void {
    const delay = this.#retryMs * (0.5 + Math.random() / 2);
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => void this.#subscribe(false), delay);
    this.#retryTimer.unref();
  }

  #notPermitted(): void {
    this.#stop();
    this.#ticket = null;
    this.#forgetRows();
    this.#setState({ state: 'not_permitted' });
  }

  #online(): void {
    if (!this.#shown || !this.#resumable()) return;
    void this.#subscribe(true);
  }

  #offline(): void {
    if (!this.#shown || !this.#resumable()) return;
    this.#stop();
    if (this.#state.state !== 'offline') this.#setState({ state: 'offline', since: new Date().toISOString() });
  }

  /** Whether the subscription comes back by itself (not when the user may not, or is signed out). */
  #resumable(): boolean {
    return this.#state.state !== 'not_permitted' && this.#state.state !== 'signed_out';
  }

  #onMessage(message: ServerMessage): void {
    if (!this.#shown) return;
    if (message.type === 'liveview-refused') return this.#refused(message.code);
    const taken = this.#rows.take(message);
    if (taken === 'snapshot') {
      this.#retryMs = RETRY_MIN_MS;
      this.#setState({ state: 'live' });
    }
    if (taken) this.#scheduleFlush();
  }

  #refused(code: Extract<ServerMessage, { type: 'liveview-refused' }>['code']): void {
    if (code === 'forbidden') return this.#notPermitted();
    // The ticket ran out (or this endpoint no longer knows it): a new one, at once the first
    // time, backing off if the endpoint keeps refusing.
    if (this.#retryMs === RETRY_MIN_MS) {
      this.#retryMs *= 2;
      void this.#subscribe(false);
    } else {
      this.#stop();
      this.#retryLater();
    }
  }

  #forgetRows(): void {
    this.#rows.forget();
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushTimer) return;
    this.#flushTimer = setTimeout(() => this.#flush(), this.parts.flushMs ?? LIVEVIEW_FLUSH_MS);
    this.#flushTimer.unref();
  }

  #flush(): void {
    this.#flushTimer = null;
    if (!this.#shown) return;
    const batch = this.#rows.takeBatch();
    if (batch) this.parts.events.emit('liveView.rows', batch);
  }

  #setState(state: LiveViewState): void {
    if (JSON.stringify(state) === JSON.stringify(this.#state)) return;
    this.#state = state;
    this.parts.events.emit('liveView.state', state);
  }
}
