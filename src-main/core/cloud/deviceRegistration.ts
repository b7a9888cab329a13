import { hostname } from 'node:os';
import { z } from 'zod';
import { TandemError } from '../../../src-shared/errors';
import type { DeviceIdentityService } from '../device/deviceIdentity';
import type { DeviceKeys } from '../device/deviceKeys';

const answerSchema = z.object({ status: z.enum(['created', 'unchanged']) });
const MAX_ID_ATTEMPTS = 5;

/**
 * RS-1: registers this device's ID and public key with the cloud endpoint (idempotent; runs at
 * every start). A brand-new device whose random ID is taken picks another one.
 */
export async function registerDevice(options: {
  cloudUrl: string;
  identity: DeviceIdentityService;
  keys: DeviceKeys;
  name?: string;
}): Promise<void> {
  const { cloudUrl, identity, keys } = options;
  for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
    const response = await fetch(new URL('/api/v1/devices', cloudUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: identity.deviceId,
        publicKey: keys.publicKeyPem,
        platform: process.platform,
        name: (options.name ?? hostname()).slice(0, 120) || 'device',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 409 && keys.registeredWith() === null) {
      identity.chooseAnotherId();
      continue;
    }
    if (!response.ok) {
      throw new TandemError('cloud_unreachable', `Registering this device failed: HTTP ${response.status}.`);
    }
    answerSchema.parse(await response.json());
    keys.markRegistered(cloudUrl);
    return;
  }
  throw new TandemError('cloud_unreachable', 'The cloud endpoint refused every device ID this device tried.');
}
