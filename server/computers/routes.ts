import type { FastifyInstance } from 'fastify';
import { computersRoutes as routes, type Computer } from '../../src-shared/computers/contract';
import { LIVEVIEW_TICKET_TTL_MS } from '../../src-shared/liveview/contract';
import { COMPUTERS_CONSOLE_FEED_PATH } from '../../src-shared/signaling/consoleFeed';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';
import { SubscriptionTickets } from '../liveview/subscriptionTicket';
import { serveConsoleFeed } from '../signaling/consoleFeed';
import { ComputersFeed } from './computersFeed';

/** Subscribes per device and minute: the core renews every few minutes and after a reconnect. */
const SUBSCRIBES_PER_MINUTE = 20;

/**
 * Computers (issue 15, item 7), as `src-shared/computers/contract.ts` declares it: a company's
 * supporters list its computers — online on any instance or not — and each computer says whether
 * it takes unattended access. A supporter only ever reads their own company's computers.
 */
export async function serveComputers(
  app: FastifyInstance,
  {
    guards,
    companies,
    hub,
    accounts,
    shared,
    keyFor,
    log,
  }: Pick<EndpointServices, 'guards' | 'companies' | 'hub' | 'accounts' | 'shared' | 'keyFor' | 'log'>,
) {
  const tickets = new SubscriptionTickets(keyFor('computers-ticket:v1'));
  const feed = new ComputersFeed({
    tickets,
    accounts,
    companyOf: async (deviceId) => (await companies.membership.membership(deviceId)).companyId,
    isOnline: async (deviceId) => (await hub.online([deviceId])).has(deviceId),
    limiter: shared.limiter('computers-subscribe', { points: SUBSCRIBES_PER_MINUTE, duration: 60 }),
    shared,
    now: Date.now,
    log,
  });
  await feed.listen();
  hub.addFeature(feed);
  // The web console's Computers list, live over its own socket (it has no signaling connection).
  serveConsoleFeed(app, {
    path: COMPUTERS_CONSOLE_FEED_PATH,
    accounts,
    feed,
    tickets,
    ticketTtlMs: LIVEVIEW_TICKET_TTL_MS,
    subscribe: (ticket) => ({ type: 'computers-subscribe', ticket }),
    refused: 'computers-refused',
  });
  // A computer that joins or leaves the company appears in or disappears from its list at once.
  companies.membership.onJoined((deviceId, companyId) => feed.membershipChanged(deviceId, companyId));
  companies.membership.onLeft((deviceId, companyId) => feed.membershipChanged(deviceId, companyId));
  serve(app, routes['computers.subscription'], guards, async (request) =>
    tickets.issue({ deviceId: request.deviceId!, userId: request.user!.id, companyId: request.user!.companyId }),
  );

  serve(app, routes['computers.list'], guards, async (request) => {
    const { search, online: wanted, limit, offset } = request.query;
    const devices = await companies.membership.devices(request.user!.companyId);
    // Online on this instance or another one (the hub's shared routes): one read for the whole company.
    const online = await hub.online(devices.map((device) => device.deviceId));
    const needle = search?.toLowerCase();
    const computers: Computer[] = devices
      .map((device) => ({
        deviceId: device.deviceId,
        name: device.name,
        platform: device.platform,
        appVersion: device.appVersion,
        online: online.has(device.deviceId),
        lastSeenAt: device.lastSeenAt,
        unattended: device.unattended,
        managed: device.managed,
        policyName: device.policyName,
      }))
      .filter((computer) => wanted === undefined || computer.online === (wanted === 'online'))
      .filter(
        (computer) =>
          !needle ||
          [computer.name, computer.deviceId, computer.policyName ?? ''].some((text) =>
            text.toLowerCase().includes(needle),
          ),
      )
      .sort(
        (a, b) =>
          Number(b.online) - Number(a.online) ||
          a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) ||
          a.deviceId.localeCompare(b.deviceId),
      );
    return { computers: computers.slice(offset, offset + limit), total: computers.length };
  });

  serve(app, routes['devices.me.unattended'], guards, async (request) => {
    await guards.devices.setUnattended(request.deviceId!, request.body.unattended);
    return null;
  });
}
