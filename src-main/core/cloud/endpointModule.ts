import type { RouteContract } from '../../../src-shared/http/route';
import type { Channel } from '../../../src-shared/ipc/contract';
import type { IpcHandlers } from '../ipc/dispatcher';
import type { CoreModule } from '../ipc/coreModule';
import type { EndpointClient } from './endpointClient';

/**
 * Answers a feature's endpoint channels (`endpointChannels` in its contract): each call goes to
 * its route through the one client, as the signed-in user; the endpoint checks the permission.
 */
export function endpointModule<const T extends Partial<Record<Channel, { readonly route: RouteContract }>>>(
  cloud: Pick<EndpointClient, 'call'>,
  channels: T,
): CoreModule<Extract<keyof T, Channel>> {
  const handlers: Partial<Record<Channel, unknown>> = {};
  for (const [channel, { route }] of Object.entries(channels) as [Channel, { route: RouteContract }][]) {
    handlers[channel] = (request: Parameters<EndpointClient['call']>[1]) => cloud.call(route, request);
  }
  return { handlers: handlers as Pick<IpcHandlers, Extract<keyof T, Channel>> };
}
