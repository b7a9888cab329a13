import type { FastifyInstance } from 'fastify';
import { computersRoutes as routes, type Computer } from '../../src-shared/computers/contract';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';

/**
 * Computers (issue 15, item 7), as `src-shared/computers/contract.ts` declares it: a company's
 * supporters list its computers — online on any instance or not — and each computer says whether
 * it takes unattended access. A supporter only ever reads their own company's computers.
 */
export function serveComputers(
  app: FastifyInstance,
  { guards, companies, hub }: Pick<EndpointServices, 'guards' | 'companies' | 'hub'>,
) {
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
