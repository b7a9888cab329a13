import { z } from 'zod';
import { deviceIdSchema } from '../../src-shared/domain/device';
import type { ClientMessage, LiveViewRefusal } from '../../src-shared/signaling/protocol';
import type { AccountStore } from '../accounts/accountStore';
import type { SubscriptionTickets } from '../liveview/subscriptionTicket';
import { companyBusFor, type CompanyBus } from '../shared/companyBus';
import type { SharedLimiter, SharedState } from '../shared/sharedState';
import { admitSubscriber, CompanySubscriptions, type CompanySubscriber } from '../signaling/companySubscriptions';
import type { FeatureSocket, HubFeature } from '../signaling/hub';

const TOPIC = 'computers';
const presenceSchema = z.object({ deviceId: deviceIdSchema, online: z.boolean() }).strict();
type Presence = z.infer<typeof presenceSchema>;

/**
 * Computers, live: a supporter's device subscribes with a ticket (`computers.subscription`, the
 * Live View's ticket machinery with a key of its own) and hears `computers-changed` whenever one of
 * its company's computers comes online or goes offline, or joins or leaves the company, on any
 * instance — never another company's. The hub tells this feature of its own sockets and the
 * company of its devices' membership; the presence travels to every instance on the company bus
 * (Redis), as Live View's changes do. The user's permission (`computers.view`) is checked at each
 * subscribe.
 */
export class ComputersFeed implements HubFeature {
  readonly types = ['computers-subscribe', 'computers-unsubscribe'] as const;
  readonly #subscriptions = new CompanySubscriptions<CompanySubscriber>();
  readonly #bus: CompanyBus<Presence>;

  constructor(
    private readonly parts: {
      tickets: SubscriptionTickets;
      accounts: Pick<AccountStore, 'byId'>;
      /** The company a device belongs to, if any. */
      companyOf: (deviceId: string) => Promise<string | null>;
      /** Whether the device has a socket on this or another instance right now. */
      isOnline: (deviceId: string) => Promise<boolean>;
      limiter: SharedLimiter;
      shared: SharedState;
      now: () => number;
      log: { warn(object: object, message: string): void };
    },
  ) {
    this.#bus = companyBusFor(parts.shared, TOPIC, presenceSchema, parts.log);
  }

  /** Hears presence from every instance (this one too). */
  async listen(): Promise<void> {
    await this.#bus.listen((companyId, presence) => this.#deliver(companyId, presence));
  }

  async handle(socket: FeatureSocket, message: ClientMessage): Promise<void> {
    if (message.type === 'computers-unsubscribe') return this.closed(socket.id);
    if (message.type !== 'computers-subscribe') return;
    this.closed(socket.id);
    const admitted = await admitSubscriber(this.parts, socket, message.ticket, 'computers.view');
    if (!admitted.ok) return refuse(socket, admitted.code);
    if (socket.isClosed()) return;
    const subscriber: CompanySubscriber = { socket, companyId: admitted.companyId, expiryTimer: null };
    this.#subscriptions.add(subscriber);
    this.#subscriptions.expireAt(subscriber, admitted.expiresAt, this.parts.now(), () =>
      refuse(socket, 'liveview_ticket_expired'),
    );
    socket.send({ type: 'computers-subscribed' });
  }

  closed(socketId: string): void {
    this.#subscriptions.remove(socketId);
  }

  deviceOnline(deviceId: string): void {
    void this.#told(deviceId);
  }

  deviceOffline(deviceId: string): void {
    void this.#told(deviceId);
  }

  /** A device joined or left `companyId`: that company's list gains or loses a row. */
  membershipChanged(deviceId: string, companyId: string): Promise<void> {
    return this.#tell(companyId, deviceId);
  }

  close(): void {
    this.#subscriptions.clear();
  }

  /**
   * Says what is true now, not what the hook says happened: a socket closing here while the device
   * already holds one on another instance leaves it online.
   */
  async #told(deviceId: string): Promise<void> {
    const companyId = await this.parts.companyOf(deviceId).catch((error: unknown) => {
      this.parts.log.warn({ err: (error as Error).message }, 'reading a computer’s company failed');
      return null;
    });
    if (companyId) await this.#tell(companyId, deviceId);
  }

  async #tell(companyId: string, deviceId: string): Promise<void> {
    try {
      await this.#bus.publish(companyId, { deviceId, online: await this.parts.isOnline(deviceId) });
    } catch (error) {
      this.parts.log.warn({ err: (error as Error).message }, 'telling a computer’s presence failed');
    }
  }

  #deliver(companyId: string, { deviceId, online }: Presence): void {
    for (const subscriber of this.#subscriptions.of(companyId)) {
      subscriber.socket.send({ type: 'computers-changed', deviceId, online });
    }
  }
}

function refuse(socket: FeatureSocket, code: LiveViewRefusal): void {
  socket.send({ type: 'computers-refused', code });
}
