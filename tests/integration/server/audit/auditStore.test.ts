import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../../../../server/audit/auditStore';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { AUDIT_GENESIS_HASH, canonicalJson } from '../../../../src-shared/consent/canonicalJson';
import { NO_COMPANY_SUPPORTER, decideLogging, type HostFacts } from '../../../../src-shared/consent/decision';
import type { AuditEntry } from '../../../../src-shared/domain/consent';
import { ENGINES, openTestEndpointDb, type TestEndpointDb, twoInstancesOnPostgres } from '../../../support/endpointDbs';

const DEVICE = '444555666';
const host: HostFacts = {
  companyId: 'acme',
  aiActivated: false,
  incoming: { enabled: false, scope: 'all_company_devices' },
  deviceOfCompany: true,
  managed: false,
  policy: null,
  quickSupportModule: null,
  accessControl: 'after_confirmation',
};

/** A device's chain of `count` consent decisions, each linked to the one before by its hash. */
function chain(count: number): AuditEntry[] {
  let prevHash = AUDIT_GENESIS_HASH;
  return Array.from({ length: count }, (_, index) => {
    const body = {
      requestId: `00000000-0000-4000-8000-0000000000${String(index).padStart(2, '0')}`,
      at: new Date(Date.UTC(2026, 10, 21, 12, index)).toISOString(),
      deviceId: DEVICE,
      supporter: NO_COMPANY_SUPPORTER,
      host,
      answer: 'pending' as const,
      decision: decideLogging(NO_COMPANY_SUPPORTER, host, 'pending'),
      policyVersion: null,
    };
    const hash = createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
    const entry = { ...body, seq: index + 1, prevHash, hash };
    prevHash = hash;
    return entry;
  });
}

/** The company and its device, as registration and joining leave them. */
async function companyDevice(db: EndpointDb): Promise<void> {
  await db.query.insertInto('companies').values({ id: 'acme', name: 'Acme', created_at: 'now' }).execute();
  await db.query
    .insertInto('devices')
    .values({
      device_id: DEVICE,
      public_key: 'k',
      platform: 'linux',
      name: 'PC',
      registered_at: 'now',
      company_id: 'acme',
    })
    .execute();
}

describe.each(ENGINES)('the consent audit store on %s', (engine) => {
  let test: TestEndpointDb;
  let audit: AuditStore;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    audit = new AuditStore(test.db);
    await companyDevice(test.db);
  });
  afterEach(() => test.close());

  it('stores a chain entry by entry, answers a resent entry as a duplicate and refuses gaps and broken links', async () => {
    const entries = chain(4);
    expect(await audit.append(DEVICE, entries[0]!)).toBe('stored');
    expect(await audit.append(DEVICE, entries[1]!)).toBe('stored');
    expect(await audit.append(DEVICE, entries[1]!)).toBe('duplicate');
    expect(await audit.append(DEVICE, entries[3]!)).toBe('gap');
    expect(await audit.append(DEVICE, { ...entries[2]!, prevHash: entries[0]!.hash })).toBe('broken');
    expect(await audit.append(DEVICE, { ...entries[1]!, hash: entries[2]!.hash })).toBe('broken');
    expect(await audit.append(DEVICE, { ...entries[2]!, answer: 'allowed' })).toBe('broken');
    expect(await audit.append(DEVICE, entries[2]!)).toBe('stored');
    expect(await audit.lastSeq(DEVICE)).toBe(3);
    expect(await audit.forCompany('acme')).toEqual([{ deviceId: DEVICE, intact: true, entries: entries.slice(0, 3) }]);
  });

  it('shows a chain altered in the database as no longer intact', async () => {
    for (const entry of chain(3)) await audit.append(DEVICE, entry);
    // Someone rewrites the second decision's answer in place.
    await test.db.query
      .updateTable('consent_audit')
      .set({ entry: sql<string>`replace(entry, '"pending"', '"allowed"')` })
      .where('seq', '=', 2)
      .execute();
    expect((await audit.forCompany('acme'))[0]).toMatchObject({ deviceId: DEVICE, intact: false });
    expect(await audit.forCompany('another company')).toEqual([]);
  });
});

describe('the consent audit store shared by two endpoint instances on PostgreSQL', () => {
  const pg = twoInstancesOnPostgres();

  beforeEach(async () => {
    await companyDevice(pg.test.db);
  });

  it('the same chain handed in through both at once stores every entry once', async () => {
    const entries = chain(12);
    const stores = [new AuditStore(pg.test.db), new AuditStore(pg.second)];
    const handIn = async (audit: AuditStore) => {
      const outcomes = [];
      for (const entry of entries) outcomes.push(await audit.append(DEVICE, entry));
      return outcomes;
    };
    const [a, b] = await Promise.all(stores.map(handIn));
    // Each entry was stored by exactly one instance; the other saw it as a duplicate.
    entries.forEach((_, i) => expect([a![i], b![i]].sort()).toEqual(['duplicate', 'stored']));
    expect(await stores[1]!.forCompany('acme')).toEqual([{ deviceId: DEVICE, intact: true, entries }]);
  });
});
