import type { Permission } from '../../src-shared/domain/accounts';
import type { LiveViewRefusal } from '../../src-shared/signaling/protocol';
import type { AccountStore } from '../accounts/accountStore';
import type { SubscriptionTickets } from '../liveview/subscriptionTicket';
import type { SharedLimiter } from '../shared/sharedState';
import type { FeatureSocket } from './hub';

/** A socket subscribed to one company's changes of a feature (Live View, Computers). */
export interface CompanySubscriber {
  readonly socket: FeatureSocket;
  readonly companyId: string;
  expiryTimer: NodeJS.Timeout | null;
}

/**
 * What every company feed on the hub checks at each subscribe: the ticket (issued to this device,
 * not expired), the per-device limit, and that the ticket's user is still an enabled member of its
 * company with `permission` — so a ticket outlives a removed permission by its few minutes at most.
 */
export async function admitSubscriber(
  parts: { tickets: SubscriptionTickets; accounts: Pick<AccountStore, 'byId'>; limiter: SharedLimiter },
  socket: FeatureSocket,
  ticket: string,
  permission: Permission,
): Promise<{ ok: true; companyId: string; expiresAt: number } | { ok: false; code: LiveViewRefusal }> {
  const checked = parts.tickets.check(ticket, socket.deviceId);
  if (!checked.ok) return checked;
  await parts.limiter.consume(socket.deviceId);
  const user = await parts.accounts.byId(checked.holder.userId);
  if (!user || user.disabled || user.companyId !== checked.holder.companyId || !user.permissions.includes(permission)) {
    return { ok: false, code: 'forbidden' };
  }
  return { ok: true, companyId: user.companyId, expiresAt: checked.expiresAt };
}

/** One feed's subscriptions on this instance, by socket and by company. */
export class CompanySubscriptions<S extends CompanySubscriber> {
  readonly #bySocket = new Map<string, S>();
  readonly #byCompany = new Map<string, Set<S>>();

  add(subscriber: S): void {
    this.#bySocket.set(subscriber.socket.id, subscriber);
    let company = this.#byCompany.get(subscriber.companyId);
    if (!company) this.#byCompany.set(subscriber.companyId, (company = new Set()));
    company.add(subscriber);
  }

  /** Whether `subscriber` is still the socket's subscription (a renewal or a close replaces it). */
  holds(subscriber: S): boolean {
    return this.#bySocket.get(subscriber.socket.id) === subscriber;
  }

  /** Ends the socket's subscription, if any, and answers it so the feed can stop its own timers. */
  remove(socketId: string): S | undefined {
    const subscriber = this.#bySocket.get(socketId);
    if (!subscriber) return undefined;
    this.#bySocket.delete(socketId);
    const company = this.#byCompany.get(subscriber.companyId);
    company?.delete(subscriber);
    if (company?.size === 0) this.#byCompany.delete(subscriber.companyId);
    if (subscriber.expiryTimer) clearTimeout(subscriber.expiryTimer);
    return subscriber;
  }

  of(companyId: string): Iterable<S> {
    return this.#byCompany.get(companyId) ?? [];
  }

  all(): Iterable<S> {
    return this.#bySocket.values();
  }

  clear(): void {
    for (const socketId of [...this.#bySocket.keys()]) this.remove(socketId);
  }

  /** When the ticket runs out the subscription ends and the socket hears `expired` (it renews earlier). */
  expireAt(subscriber: S, expiresAt: number, now: number, expired: () => void): void {
    subscriber.expiryTimer = setTimeout(
      () => {
        if (!this.holds(subscriber)) return;
        this.remove(subscriber.socket.id);
        expired();
      },
      Math.max(0, expiresAt - now),
    );
    subscriber.expiryTimer.unref();
  }
}
