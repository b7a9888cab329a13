import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompanyStore } from '../../../../server/company/companyStore';
import type { DeviceMembership } from '../../../../server/company/deviceMembership';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';

/** Two companies and `count` registered devices of none, as registration leaves them. */
async function seed(db: EndpointDb, count: number): Promise<string[]> {
  await db.query
    .insertInto('companies')
    .values([
      { id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z' },
      { id: 'globex', name: 'Globex', created_at: '2026-11-02T00:00:00.000Z' },
    ])
    .execute();
  const ids = Array.from({ length: count }, (_, index) => `${100_000_000 + index}`);
  await db.query
    .insertInto('devices')
    .values(
      ids.map((id) => ({ device_id: id, public_key: 'k', platform: 'linux', name: `pc-${id}`, registered_at: 'now' })),
    )
    .execute();
  return ids;
}

describe.each(ENGINES)('device membership on %s', (engine) => {
  let test: TestEndpointDb;
  let membership: DeviceMembership;
  let devices: string[];

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    membership = new CompanyStore(test.db).membership;
    devices = await seed(test.db, 4);
  });
  afterEach(() => test.close());

  it('enrols through a token as a managed device, counting each device once, until the token is used up', async () => {
    const now = new Date('2026-11-30T12:00:00.000Z');
    const token = await membership.createEnrollmentToken('acme', { name: 'Office PCs', validDays: 7, maxUses: 2 }, now);
    expect(token).toMatchObject({ name: 'Office PCs', uses: 0, maxUses: 2, expiresAt: '2026-12-07T12:00:00.000Z' });
    const [first, second, third] = devices as [string, string, string];
    expect(await membership.enroll(first, token.token, now)).toEqual({ companyId: 'acme', companyName: 'Acme' });
    // Enrolling again at the next start is not another use.
    expect(await membership.enroll(first, token.token, now)).toEqual({ companyId: 'acme', companyName: 'Acme' });
    expect(await membership.enroll(second, token.token, now)).toEqual({ companyId: 'acme', companyName: 'Acme' });
    expect(await membership.enroll(third, token.token, now)).toBe('enrollment_token_used_up');
    expect(await membership.enrollmentTokens('acme')).toEqual([
      {
        id: token.id,
        name: 'Office PCs',
        createdAt: now.toISOString(),
        expiresAt: token.expiresAt,
        uses: 2,
        maxUses: 2,
      },
    ]);
    expect(await membership.membership(first)).toEqual({
      companyId: 'acme',
      companyName: 'Acme',
      managed: true,
      joinedAt: now.toISOString(),
      joinedVia: 'Office PCs',
    });
    expect(await membership.membership(third)).toEqual({
      companyId: null,
      companyName: null,
      managed: false,
      joinedAt: null,
      joinedVia: null,
    });
  });

  it('refuses unknown, revoked and expired tokens and another company’s device, with the reason', async () => {
    const now = new Date('2026-11-30T12:00:00.000Z');
    const [device, other] = devices as [string, string];
    expect(await membership.enroll(device, 'enrol_unknown', now)).toBe('enrollment_token_unknown');
    const revoked = await membership.createEnrollmentToken('acme', { name: 'Old', validDays: 7 }, now);
    expect(await membership.revokeEnrollmentToken('globex', revoked.id, now)).toBe(false);
    expect(await membership.revokeEnrollmentToken('acme', revoked.id, now)).toBe(true);
    expect(await membership.revokeEnrollmentToken('acme', revoked.id, now)).toBe(false);
    expect(await membership.enroll(device, revoked.token, now)).toBe('enrollment_token_revoked');
    expect(await membership.enrollmentTokens('acme')).toEqual([]);
    const lapsed = await membership.createEnrollmentToken('acme', { name: 'Lapsed', validDays: 1 }, now);
    expect(await membership.enroll(device, lapsed.token, new Date('2026-12-02T00:00:00.000Z'))).toBe(
      'enrollment_token_expired',
    );
    expect(await membership.joinThroughUser(other, 'globex', 'gus@globex.test', now)).toBeNull();
    const valid = await membership.createEnrollmentToken('acme', { name: 'Office PCs', validDays: 7 }, now);
    expect(await membership.enroll(other, valid.token, now)).toBe('device_of_another_company');
    expect((await membership.membership(other)).companyId).toBe('globex');
    expect((await membership.membership(device)).companyId).toBeNull();
  });

  it('a user adds an unmanaged device, which may leave on its own; a managed one is removed only by an administrator', async () => {
    const now = new Date('2026-11-30T12:00:00.000Z');
    const [unmanaged, managed] = devices as [string, string];
    expect(await membership.leave(unmanaged)).toBe('no_company');
    expect(await membership.joinThroughUser(unmanaged, 'acme', 'ada@acme.test', now)).toBeNull();
    expect(await membership.joinThroughUser(unmanaged, 'acme', 'ada@acme.test', now)).toBeNull();
    expect(await membership.joinThroughUser(unmanaged, 'globex', 'gus@globex.test', now)).toBe(
      'device_of_another_company',
    );
    const token = await membership.createEnrollmentToken('acme', { name: 'Office PCs', validDays: 7 }, now);
    expect(await membership.enroll(managed, token.token, now)).toMatchObject({ companyId: 'acme' });
    expect(
      (await membership.devices('acme', (id) => id === managed)).map((d) => [d.deviceId, d.managed, d.online]),
    ).toEqual([
      [unmanaged, false, false],
      [managed, true, true],
    ]);
    expect(await membership.leave(managed)).toBe('managed_device');
    expect(await membership.leave(unmanaged)).toBeNull();
    expect(await membership.removeDevice('globex', managed)).toBe(false);
    expect(await membership.removeDevice('acme', managed)).toBe(true);
    expect(await membership.devices('acme')).toEqual([]);
  });
});

describe('device membership shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();

  it('devices enrolling through both at once never use a token more often than it allows', async () => {
    const devices = await seed(pg.test.db, 12);
    const stores = [new CompanyStore(pg.test.db).membership, new CompanyStore(pg.second).membership];
    const token = await stores[0]!.createEnrollmentToken('acme', { name: 'Three PCs', validDays: 7, maxUses: 3 });
    const outcomes = await Promise.all(devices.map((device, index) => stores[index % 2]!.enroll(device, token.token)));
    expect(outcomes.filter((outcome) => typeof outcome === 'object')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome === 'enrollment_token_used_up')).toHaveLength(9);
    expect((await stores[1]!.enrollmentTokens('acme'))[0]).toMatchObject({ uses: 3, maxUses: 3 });
    expect(await stores[1]!.devices('acme')).toHaveLength(3);
  });

  it('one device joining two companies through both at once ends up in exactly one', async () => {
    const [device] = (await seed(pg.test.db, 1)) as [string];
    const stores = [new CompanyStore(pg.test.db).membership, new CompanyStore(pg.second).membership];
    const outcomes = await Promise.all([
      stores[0]!.joinThroughUser(device, 'acme', 'ada@acme.test'),
      stores[1]!.joinThroughUser(device, 'globex', 'gus@globex.test'),
    ]);
    const winner = outcomes[0] === null ? 'acme' : 'globex';
    expect([...outcomes].sort()).toEqual(['device_of_another_company', null]);
    expect(await stores[0]!.membership(device)).toMatchObject({ companyId: winner, managed: false });
  });
});
