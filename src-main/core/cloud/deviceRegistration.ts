import { hostname } from 'node:os';
import { deviceRoutes } from '../../../src-shared/device/contract';
import { TandemError } from '../../../src-shared/errors';
import type { DeviceIdentityService } from '../device/deviceIdentity';
import type { DeviceKeys } from '../device/deviceKeys';
import type { EndpointClient } from './endpointClient';

const MAX_ID_ATTEMPTS = 5;

/**
 * RS-1: registers this device's ID and public key with the cloud endpoint (idempotent; runs at
 * every start). A brand-new device whose random ID is taken picks another one.
 */
export async function registerDevice(options: {
  cloud: EndpointClient;
  identity: DeviceIdentityService;
  keys: DeviceKeys;
  /** The Tandem version this device runs, for the administration's device list. */
  appVersion?: string;
  name?: string;
}): Promise<void> {
  const { cloud, identity, keys } = options;
  for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
    try {
      await cloud.call(deviceRoutes['devices.register'], {
        body: {
          deviceId: identity.deviceId,
          publicKey: keys.publicKeyPem,
          platform: process.platform,
          name: (options.name ?? hostname()).slice(0, 120) || 'device',
          ...(options.appVersion ? { appVersion: options.appVersion.slice(0, 40) } : {}),
        },
      });
    } catch (error) {
      if (error instanceof TandemError && error.code === 'id_taken' && keys.registeredWith() === null) {
        identity.chooseAnotherId();
        continue;
      }
      // Whatever went wrong, the registration loop retries while the endpoint counts as unreachable.
      if (error instanceof TandemError && error.code === 'cloud_unreachable') throw error;
      throw new TandemError('cloud_unreachable', `Registering this device failed: ${(error as Error).message}`);
    }
    keys.markRegistered(cloud.baseUrl);
    return;
  }
  throw new TandemError('cloud_unreachable', 'The cloud endpoint refused every device ID this device tried.');
}
