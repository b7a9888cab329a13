import { z } from 'zod';
import { deviceIdSchema } from '../../src-shared/domain/device';
import type { ClientMessage, LiveViewRefusal } from '../../src-shared/signaling/protocol';
import type { AccountStore } from '../accounts/accountStore';
import type { SubscriptionTickets } from '../liveview/subscriptionTicket';
import type { SharedLimiter, SharedState } from '../shared/sharedState';
import type { FeatureSocket, HubFeature } from '../signaling/hub';

interface Subscriber {
  readonly socket: FeatureSocket;
  readonly companyId: string;
  expiryTimer: NodeJS.Timeout | null;
}

const TOPIC = 'computers';
const presenceSchema = z
  .object({ companyId: z.string().min(1).max(64), deviceId: deviceIdSchema, online: z.boolean() })
  .strict();
type Presence = z.infer<typeof presenceSchema>;

/**
 * Computers, live: a supporter's device subscribes with a ticket (`computers.subscription`, the
 * Live View's ticket machinery with a key of its own) and hears `computers-changed` whenever one of
 * its company's computers comes online or goes offline, on any instance — never another company's.
 * The hub tells this feature of its own sockets; the presence travels to every instance on one
 * signed topic (Redis), carrying the company, as Live View's changes do. The user's permission
 * (`computers.view`) is checked at each subscribe.
 */
export class ComputersFeed implements HubFeature {
  readonly types = ['computers-subscribe', 'computers-unsubscribe'] as const;
  readonly #bySocket = new Map<string, Subscriber>();
  readonly #byCompany = new Map<string, Set<Subscriber>>();
  #publish: (presence: Presence) => Promise<void> = async (presence) => this.#deliver(presence);

  constructor(
    private readonly parts: {
      tickets: SubscriptionTickets;
      accounts: Pick<AccountStore, 'byId'>;
      /** The company a device belongs to, if any. */
      companyOf: (deviceId: string) => Promise<string | null>;
      /** Whether the device has a socket on this or another instance right now. */
      isOnline: (deviceId: string) => Promise<boolean>;
      limiter: SharedLimiter;
      now: () => number;
      log: { warn(object: object, message: string): void };
    },
  ) {}

  /** Several instances: presence is broadcast on one topic each instance hears (this one too). */
  async listen(shared: SharedState): Promise<void> {
    if (shared.kind === 'memory') return;
    const { link } = shared;
    this.#publish = async (presence) => void (await link.broadcast(TOPIC, presence));
    await link.subscribeTopic(TOPIC, (body) => {
      const parsed = presenceSchema.safeParse(body);
      if (parsed.success) this.#deliver(parsed.data);
      else this.parts.log.warn({ issues: parsed.error.issues.length }, 'dropped a bus message that is no presence');
    });
  }

  async handle(socket: FeatureSocket, message: ClientMessage): Promise<void> {
    if (message.type === 'computers-unsubscribe') return this.closed(socket.id);
    if (message.type !== 'computers-subscribe') return;
    this.closed(socket.id);
    const checked = this.parts.tickets.check(message.ticket, socket.deviceId);
    if (!checked.ok) return refuse(socket, checked.code);
    await this.parts.limiter.consume(socket.deviceId);
    const user = await this.parts.accounts.byId(checked.holder.userId);
    if (
      !user ||
      user.disabled ||
      user.companyId !== checked.holder.companyId ||
      !user.permissions.includes('computers.view')
    ) {
      return refuse(socket, 'forbidden');
    }
    if (socket.isClosed()) return;
    const subscriber: Subscriber = { socket, companyId: user.companyId, expiryTimer: null };
    this.#bySocket.set(socket.id, subscriber);
    let company = this.#byCompany.get(subscriber.companyId);
    if (!company) this.#byCompany.set(subscriber.companyId, (company = new Set()));
    company.add(subscriber);
    subscriber.expiryTimer = setTimeout(
      () => {
        if (this.#bySocket.get(socket.id) !== subscriber) return;
        this.closed(socket.id);
        refuse(socket, 'liveview_ticket_expired');
      },
      Math.max(0, checked.expiresAt - this.parts.now()),
    );
    subscriber.expiryTimer.unref();
    socket.send({ type: 'computers-subscribed' });
  }

  closed(socketId: string): void {
    const subscriber = this.#bySocket.get(socketId);
    if (!subscriber) return;
    this.#bySocket.delete(socketId);
    const company = this.#byCompany.get(subscriber.companyId);
    company?.delete(subscriber);
    if (company?.size === 0) this.#byCompany.delete(subscriber.companyId);
    if (subscriber.expiryTimer) clearTimeout(subscriber.expiryTimer);
  }

  deviceOnline(deviceId: string): void {
    void this.#told(deviceId);
  }

  deviceOffline(deviceId: string): void {
    void this.#told(deviceId);
  }

  close(): void {
    for (const socketId of [...this.#bySocket.keys()]) this.closed(socketId);
  }

  /**
   * Says what is true now, not what the hook says happened: a socket closing here while the device
   * already holds one on another instance leaves it online.
   */
  async #told(deviceId: string): Promise<void> {
    try {
      const companyId = await this.parts.companyOf(deviceId);
      if (!companyId) return;
      await this.#publish({ companyId, deviceId, online: await this.parts.isOnline(deviceId) });
    } catch (error) {
      this.parts.log.warn({ err: (error as Error).message }, 'telling a computer’s presence failed');
    }
  }

  #deliver({ companyId, deviceId, online }: Presence): void {
    for (const subscriber of this.#byCompany.get(companyId) ?? []) {
      subscriber.socket.send({ type: 'computers-changed', deviceId, online });
    }
  }
}

function refuse(socket: FeatureSocket, code: LiveViewRefusal): void {
  socket.send({ type: 'computers-refused', code });
}
