import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { EndpointClient, type SigningDevice } from '../../../../../src-main/core/cloud/endpointClient';
import { adminRoutes } from '../../../../../src-shared/admin/contract';
import type { DeviceFacts } from '../../../../../src-main/core/cloud/deviceFacts';
import { DEVICE_CLOCK_SKEW_CODE, deviceAuthHeaderSchema } from '../../../../../src-shared/signaling/deviceAuth';
import { recordingServer } from '../../../../support/recordingServer';
import { tempDir } from '../../../../support/tempDir';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const device: SigningDevice = {
  id: '444555666',
  sign: (payload) => sign(null, Buffer.from(payload), privateKey).toString('base64url'),
};

describe('the desktop’s signed requests to the cloud endpoint', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('are accepted by the real endpoint, each once, for this endpoint', async () => {
    const dir = tempDir();
    const server: RunningServer = await startServer({ dataDir: dir.path, logger: false });
    cleanups.push(
      () => dir.cleanup(),
      () => server.close(),
    );
    await fetch(`${server.url}/api/v1/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: device.id,
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
        platform: 'linux',
        name: 'pc',
      }),
    });
    const client = new EndpointClient(server.url, false, { device, userToken: () => null });
    // Every request carries a fresh nonce, so asking twice is not a replay.
    for (let i = 0; i < 2; i++) {
      expect(await client.call(adminRoutes['devices.me.facts'], {})).toMatchObject({
        companyId: null,
      });
    }
  });

  const facts: DeviceFacts = {
    companyId: null,
    aiActivated: false,
    incoming: { enabled: false, scope: 'all_company_devices' },
    deviceOfCompany: false,
    managed: false,
    policy: null,
    policySettings: null,
    summaryLanguage: 'en',
  };

  it('a device whose clock is five minutes off learns the endpoint’s time from the refusal and signs anew', async () => {
    const skewMs = 5 * 60_000;
    const endpointTime = () => new Date(Date.now() + skewMs).toUTCString();
    let refused = false;
    const endpoint = await recordingServer((request) => {
      if (request.path === '/healthz') {
        return {
          status: 200,
          body: { status: 'ok', service: 'tandem-cloud', version: '1', instanceId: 'i-1', uptimeSeconds: 1 },
        };
      }
      if (!refused) {
        refused = true;
        return {
          status: 401,
          headers: { date: endpointTime() },
          body: { error: { code: DEVICE_CLOCK_SKEW_CODE, message: 'signatures are accepted for 60 s' } },
        };
      }
      return { status: 200, body: facts };
    });
    cleanups.push(() => endpoint.close());
    const client = new EndpointClient(endpoint.url, false, { device, userToken: () => null });
    expect(await client.call(adminRoutes['devices.me.facts'], {})).toEqual(facts);
    const [first, second] = endpoint.received
      .filter((request) => request.path === '/api/v1/devices/me/facts')
      .map((request) => deviceAuthHeaderSchema.parse(request.headers['tandem-device']));
    expect(second!.nonce).not.toBe(first!.nonce);
    expect(Math.abs(second!.timestamp - (Date.now() + skewMs))).toBeLessThan(5_000);
  });
});
