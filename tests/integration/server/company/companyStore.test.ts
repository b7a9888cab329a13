import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompanyStore } from '../../../../server/company/companyStore';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';

const MANAGED = '111222333';
const UNMANAGED = '222333444';
const FREE = '333444555';
const insights = { sessionInsights: { value: true, enforced: true } };

/** Acme with a managed and an unmanaged device, Globex, and a device of no company. */
async function seed(db: EndpointDb): Promise<void> {
  await db.query
    .insertInto('companies')
    .values([
      { id: 'acme', name: 'Acme', created_at: '2026-11-01T00:00:00.000Z', plan: 'business' },
      { id: 'globex', name: 'Globex', created_at: '2026-11-02T00:00:00.000Z', plan: 'premium' },
    ])
    .execute();
  const device = (device_id: string, company_id: string | null, managed: number) => ({
    device_id,
    public_key: 'k',
    platform: 'linux',
    name: `pc-${device_id}`,
    registered_at: 'now',
    company_id,
    managed,
  });
  await db.query
    .insertInto('devices')
    .values([device(MANAGED, 'acme', 1), device(UNMANAGED, 'acme', 0), device(FREE, null, 0)])
    .execute();
}

describe.each(ENGINES)('the company store on %s', (engine) => {
  let test: TestEndpointDb;
  let companies: CompanyStore;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    companies = new CompanyStore(test.db);
    await seed(test.db);
  });
  afterEach(() => test.close());

  it('names and lists the companies for the operator', async () => {
    expect(await companies.name('globex')).toBe('Globex');
    expect(await companies.exists('acme')).toBe(true);
    expect(await companies.exists('initech')).toBe(false);
    expect(await companies.list()).toEqual([
      { id: 'acme', name: 'Acme', plan: 'business' },
      { id: 'globex', name: 'Globex', plan: 'premium' },
    ]);
  });

  it('activates AI with the terms accepted, changes its settings, and deactivates it', async () => {
    expect(await companies.aiSettings('acme')).toEqual({
      activated: false,
      activatedAt: null,
      termsAcceptedBy: null,
      outgoing: { enabled: false, scope: 'all_company_users' },
      incoming: { enabled: false, scope: 'all_company_devices' },
      language: 'en',
    });
    const activated = await companies.updateAiSettings(
      'acme',
      {
        activate: { acceptTerms: true, termsVersion: '2026-11' },
        outgoing: { enabled: true, scope: 'quicksupport_modules' },
        incoming: { enabled: true, scope: 'managed_devices_with_policy' },
        language: 'de',
      },
      'ada@acme.test',
    );
    expect(activated).toMatchObject({
      activated: true,
      termsAcceptedBy: 'ada@acme.test',
      outgoing: { enabled: true, scope: 'quicksupport_modules' },
      incoming: { enabled: true, scope: 'managed_devices_with_policy' },
      language: 'de',
    });
    expect(await companies.supporterFacts('acme', true)).toEqual({
      companyId: 'acme',
      aiActivated: true,
      outgoing: { enabled: true, scope: 'quicksupport_modules' },
      userLogging: true,
    });
    expect(await companies.updateAiSettings('acme', { deactivate: true }, 'ada@acme.test')).toMatchObject({
      activated: false,
      language: 'de',
    });
    expect((await companies.aiSettings('globex')).activated).toBe(false);
  });

  it('keeps policies by name with their devices, versions each change, and assigns them only to own managed devices', async () => {
    const ten = await companies.createPolicy('acme', 'Policy 10', insights);
    const two = await companies.createPolicy('acme', 'policy 2', {});
    const theirs = await companies.createPolicy('globex', 'Globex policy', {});
    expect(await companies.assignPolicy('acme', MANAGED, ten)).toBe(true);
    expect(await companies.assignPolicy('acme', UNMANAGED, ten)).toBe(false);
    expect(await companies.assignPolicy('acme', FREE, ten)).toBe(false);
    expect(await companies.assignPolicy('acme', MANAGED, theirs)).toBe(false);
    expect(await companies.assignPolicy('globex', MANAGED, theirs)).toBe(false);
    expect((await companies.policies('acme')).map((p) => [p.name, p.version, p.devices])).toEqual([
      ['policy 2', 1, 0],
      ['Policy 10', 1, 1],
    ]);
    expect(await companies.updatePolicy('globex', ten, {})).toBe(false);
    expect(await companies.updatePolicy('acme', ten, { sessionInsights: { value: false, enforced: false } })).toBe(
      true,
    );
    expect(await companies.updatePolicy('acme', ten, insights, 'Office')).toBe(true);
    expect((await companies.policies('acme')).find((p) => p.id === ten)).toMatchObject({
      name: 'Office',
      version: 3,
      settings: insights,
    });
    // Reassigning replaces the device's policy.
    expect(await companies.assignPolicy('acme', MANAGED, two)).toBe(true);
    expect(await companies.removePolicy('globex', two)).toBeNull();
    expect(await companies.removePolicy('acme', two)).toEqual({ unassigned: 1 });
    expect(await companies.removePolicy('acme', two)).toBeNull();
    expect((await companies.policies('acme')).map((p) => p.name)).toEqual(['Office']);
  });

  it('keeps QuickSupport modules per company', async () => {
    const input = { name: 'Helpdesk', logo: null, welcomeText: 'Hello', insightsEnabled: true };
    const id = await companies.createModule('acme', input);
    await companies.createModule('acme', { ...input, name: 'branch 2' });
    expect(await companies.module(id)).toEqual({
      id,
      companyId: 'acme',
      name: 'Helpdesk',
      logo: null,
      welcomeText: 'Hello',
      insightsEnabled: true,
    });
    expect((await companies.modules('acme')).map((m) => m.name)).toEqual(['branch 2', 'Helpdesk']);
    expect(await companies.updateModule('globex', id, input)).toBe(false);
    expect(await companies.updateModule('acme', id, { ...input, insightsEnabled: false, logo: 'data:x' })).toBe(true);
    expect(await companies.module(id)).toMatchObject({ insightsEnabled: false, logo: 'data:x' });
    expect(await companies.removeModule('globex', id)).toBe(false);
    expect(await companies.removeModule('acme', id)).toBe(true);
    expect(await companies.module(id)).toBeNull();
    expect(await companies.modules('globex')).toEqual([]);
  });

  it('states a device’s host facts: its company’s AI settings and its policy', async () => {
    expect(await companies.hostFacts(FREE)).toEqual({
      companyId: null,
      aiActivated: false,
      incoming: { enabled: false, scope: 'all_company_devices' },
      deviceOfCompany: false,
      managed: false,
      policy: null,
      policySettings: null,
      summaryLanguage: 'en',
    });
    await companies.updateAiSettings(
      'acme',
      {
        activate: { acceptTerms: true, termsVersion: '2026-11' },
        incoming: { enabled: true, scope: 'all_company_devices' },
        language: 'de',
      },
      'ada@acme.test',
    );
    const policy = await companies.createPolicy('acme', 'Office', insights);
    await companies.updatePolicy('acme', policy, insights);
    await companies.assignPolicy('acme', MANAGED, policy);
    expect(await companies.hostFacts(MANAGED)).toEqual({
      companyId: 'acme',
      aiActivated: true,
      incoming: { enabled: true, scope: 'all_company_devices' },
      deviceOfCompany: true,
      managed: true,
      policy: { sessionInsights: true, enforced: true, userDisabled: false, version: 2 },
      policySettings: insights,
      summaryLanguage: 'de',
    });
    expect(await companies.hostFacts(UNMANAGED)).toMatchObject({
      companyId: 'acme',
      managed: false,
      policy: null,
      policySettings: null,
    });
  });
});

describe('the company store shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();

  beforeEach(async () => {
    await seed(pg.test.db);
  });

  it('a policy assigned while the device is removed from the company is not left on a device of no company', async () => {
    const stores = [new CompanyStore(pg.test.db), new CompanyStore(pg.second)];
    for (let round = 0; round < 10; round += 1) {
      const policy = await stores[0]!.createPolicy('acme', `Office ${round}`, insights);
      await pg.test.db.query
        .updateTable('devices')
        .set({ company_id: 'acme', managed: 1 })
        .where('device_id', '=', MANAGED)
        .execute();
      const [assigned, removed] = await Promise.all([
        stores[0]!.assignPolicy('acme', MANAGED, policy),
        stores[1]!.membership.removeDevice('acme', MANAGED),
      ]);
      expect(removed).toBe(true);
      // Either the assignment came first (and the removal took the policy with it) or it was refused.
      expect([true, false]).toContain(assigned);
      expect(
        await pg.test.db.query.selectFrom('device_policies').selectAll().where('device_id', '=', MANAGED).execute(),
      ).toEqual([]);
    }
  });
});
