import { computersRoutes } from '../../../src-shared/computers/contract';
import { TandemError } from '../../../src-shared/errors';
import { LIVEVIEW_TICKET_TTL_MS } from '../../../src-shared/liveview/contract';
import type { ServerMessage } from '../../../src-shared/signaling/protocol';
import type { CoreServices } from '../coreServices';

/** A ticket is renewed when this share of its life is over, well before the hub ends the subscription. */
const RENEW_AT = 0.8;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Computers, the supporter's side: while a window shows the Computers screen, the core holds a
 * subscription to the company's computers' presence on the device's signaling connection (a ticket
 * from `computers.subscription`, renewed before it runs out, subscribed again when signaling comes
 * back) and tells the window what changed (`computers.changed`); the window reads its list again.
 * A user without `computers.view` gets no subscription: the list itself says why.
 */
export class ComputersFeedClient {
  #shown = false;
  /** Bumped whenever what is under way stops mattering (hidden, offline): a late answer is dropped. */
  #generation = 0;
  #retryMs = RETRY_MIN_MS;
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly parts: Pick<CoreServices, 'cloud' | 'signaling' | 'account' | 'events' | 'log'>) {
    parts.signaling.on('message', (message) => this.#onMessage(message));
    parts.signaling.on('state', (state) => {
      if (!this.#shown) return;
      if (state === 'online') void this.#subscribe();
      else this.#stop();
    });
  }

  watch(): void {
    if (this.#shown) return;
    this.#shown = true;
    if (this.parts.signaling.state === 'online') void this.#subscribe();
  }

  unwatch(): void {
    if (!this.#shown) return;
    this.#shown = false;
    this.#stop();
    if (this.parts.signaling.state === 'online') this.parts.signaling.send({ type: 'computers-unsubscribe' });
  }

  #stop(): void {
    this.#generation++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #subscribe(): Promise<void> {
    this.#stop();
    if (!this.parts.account.signedIn()) return;
    const generation = this.#generation;
    let issued: { ticket: string; expiresAt: string };
    try {
      issued = await this.parts.cloud.call(computersRoutes['computers.subscription'], {});
    } catch (error) {
      if (generation !== this.#generation) return;
      const code = error instanceof TandemError ? error.code : null;
      if (code === 'forbidden' || code === 'signed_out') return;
      this.parts.log.warn({ err: (error as Error).message, retryInMs: this.#retryMs }, 'Computers ticket failed');
      return this.#retryLater();
    }
    if (generation !== this.#generation) return;
    this.parts.signaling.send({ type: 'computers-subscribe', ticket: issued.ticket });
    // The endpoint's clock may differ from this one: only the ticket's remaining life counts.
    const life = Math.min(Math.max(Date.parse(issued.expiresAt) - Date.now(), 0), LIVEVIEW_TICKET_TTL_MS);
    this.#timer = setTimeout(() => void this.#subscribe(), life * RENEW_AT);
    this.#timer.unref();
  }

  #retryLater(): void {
    const delay = this.#retryMs * (0.5 + Math.random() / 2);
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
    this.#timer = setTimeout(() => void this.#subscribe(), delay);
    this.#timer.unref();
  }

  #onMessage(message: ServerMessage): void {
    if (!this.#shown) return;
    switch (message.type) {
      case 'computers-subscribed':
        // Whatever changed before the subscription held (or while signaling was away) is read again.
        this.#retryMs = RETRY_MIN_MS;
        return this.parts.events.emit('computers.changed', { deviceId: null });
      case 'computers-changed':
        return this.parts.events.emit('computers.changed', { deviceId: message.deviceId });
      case 'computers-refused':
        if (message.code === 'forbidden') return this.#stop();
        // The ticket ran out or is not known here: a new one, backing off if refused again.
        this.#stop();
        return this.#retryLater();
    }
  }
}
