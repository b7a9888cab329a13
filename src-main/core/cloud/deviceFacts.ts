import type { z } from 'zod';
import { adminRoutes } from '../../../src-shared/admin/contract';
import type { deviceFactsSchema } from '../../../src-shared/domain/accounts';
import type { Logger } from '../logger';
import type { EndpointClient } from './endpointClient';

export type DeviceFacts = z.output<typeof deviceFactsSchema>;

/**
 * The cloud's view of this device (company, AI settings, policy), or null — "no company" — when
 * the endpoint cannot be asked, so decisions made offline take the most careful answer.
 */
export function deviceFactsReader(options: { cloud: EndpointClient; log: Logger }) {
  return async (): Promise<DeviceFacts | null> => {
    try {
      return await options.cloud.call(adminRoutes['devices.me.facts'], {});
    } catch (error) {
      options.log.warn(
        { err: (error as Error).message },
        'device facts unavailable: deciding as a device without a company',
      );
      return null;
    }
  };
}
