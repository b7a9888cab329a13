import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { DeviceStore } from '../../../../server/devices/deviceStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';

const WINDOW_MS = 60_000;

function deviceKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}
const signed = (privateKey: KeyObject, payload: string) =>
  sign(null, Buffer.from(payload), privateKey).toString('base64url');

const lastSeen = async (db: EndpointDb, deviceId: string) =>
  (
    await db.query
      .selectFrom('devices')
      .select('last_seen_at')
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow()
  ).last_seen_at;

describe.each(ENGINES)('the device store on %s', (engine) => {
  let test: TestEndpointDb;
  let devices: DeviceStore;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    devices = new DeviceStore(test.db, 'instance-a');
  });
  afterEach(() => test.close());

  it('registers a device once, updates what it says about itself, and refuses its ID to another key', async () => {
    const key = deviceKey();
    const device = { deviceId: '111222333', publicKey: key.pem, platform: 'linux', name: 'PC' };
    expect(await devices.register(device)).toBe('created');
    expect(await devices.register({ ...device, name: 'Renamed PC', appVersion: '1.2.3' })).toBe('unchanged');
    expect(await devices.register({ ...device, publicKey: deviceKey().pem, name: 'Impostor' })).toBe('id_taken');
    expect(
      await test.db.query
        .selectFrom('devices')
        .select(['name', 'app_version', 'public_key'])
        .where('device_id', '=', device.deviceId)
        .execute(),
    ).toEqual([{ name: 'Renamed PC', app_version: '1.2.3', public_key: key.pem }]);
  });

  it('accepts only the registered key’s signature, and nothing for an unknown device', async () => {
    const key = deviceKey();
    await devices.register({ deviceId: '111222333', publicKey: key.pem, platform: 'linux', name: 'PC' });
    expect(await devices.verify('111222333', 'payload', signed(key.privateKey, 'payload'))).toBe(true);
    expect(await devices.verify('111222333', 'payload', signed(deviceKey().privateKey, 'payload'))).toBe(false);
    expect(await devices.verify('111222333', 'other payload', signed(key.privateKey, 'payload'))).toBe(false);
    expect(await devices.verify('111222333', 'payload', 'not a signature')).toBe(false);
    expect(await devices.verify('999888777', 'payload', signed(key.privateKey, 'payload'))).toBe(false);
  });

  it('claims a request nonce once, refuses its replay until it expires, and forgets it afterwards', async () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    expect(await devices.claimRequestNonce('nonce-1', '111222333', now, WINDOW_MS)).toBe(true);
    expect(await devices.claimRequestNonce('nonce-1', '111222333', now + 1000, WINDOW_MS)).toBe(false);
    // Another store on the same database (a restart) refuses it too.
    const restarted = new DeviceStore(test.db, 'instance-a');
    expect(await restarted.claimRequestNonce('nonce-1', '111222333', now + 2000, WINDOW_MS)).toBe(false);
    // Long after, when a signature with it could no longer be accepted, the sweep has removed it.
    expect(await restarted.claimRequestNonce('nonce-2', '111222333', now + 3 * WINDOW_MS, WINDOW_MS)).toBe(true);
    expect(await test.db.query.selectFrom('device_request_nonces').select('nonce').execute()).toEqual([
      { nonce: 'nonce-2' },
    ]);
  });

  it('records when a device was last seen, at most once a minute', async () => {
    await devices.register({ deviceId: '111222333', publicKey: deviceKey().pem, platform: 'linux', name: 'PC' });
    expect(await lastSeen(test.db, '111222333')).toBeNull();
    const first = new Date('2026-11-30T12:00:00.000Z');
    await devices.touch('111222333', first);
    await devices.touch('111222333', new Date(first.getTime() + 30_000));
    expect(await lastSeen(test.db, '111222333')).toBe(first.toISOString());
    const later = new Date(first.getTime() + 61_000);
    await devices.touch('111222333', later);
    expect(await lastSeen(test.db, '111222333')).toBe(later.toISOString());
  });

  it('names the company a device belongs to, or none', async () => {
    await test.db.query.insertInto('companies').values({ id: 'acme', name: 'Acme', created_at: 'now' }).execute();
    await devices.register({ deviceId: '111222333', publicKey: deviceKey().pem, platform: 'linux', name: 'PC' });
    expect(await devices.companyOf('111222333')).toBeNull();
    await test.db.query
      .updateTable('devices')
      .set({ company_id: 'acme' })
      .where('device_id', '=', '111222333')
      .execute();
    expect(await devices.companyOf('111222333')).toBe('acme');
    expect(await devices.companyOf('999888777')).toBeNull();
  });
});

describe('the device store shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();

  it('a request nonce replayed to both instances at once is accepted by exactly one', async () => {
    const stores = [new DeviceStore(pg.test.db, 'instance-a'), new DeviceStore(pg.second, 'instance-a')];
    const now = Date.now();
    for (let round = 0; round < 20; round += 1) {
      const nonce = `nonce-${round}`;
      const claims = await Promise.all(
        stores.flatMap((store) => [1, 2].map(() => store.claimRequestNonce(nonce, '111222333', now, WINDOW_MS))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    }
  });

  it('two devices registering one new ID at once: one is created, the other is told the ID is taken', async () => {
    const stores = [new DeviceStore(pg.test.db, 'instance-a'), new DeviceStore(pg.second, 'instance-a')];
    const keys = [deviceKey(), deviceKey()];
    const outcomes = await Promise.all(
      stores.map((store, index) =>
        store.register({ deviceId: '111222333', publicKey: keys[index]!.pem, platform: 'linux', name: 'PC' }),
      ),
    );
    expect(outcomes.sort()).toEqual(['created', 'id_taken']);
  });
});
