import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointDb } from '../../../../server/db/endpointDb';
import { openPostgresEndpointDb } from '../../../../server/db/openPostgres';
import {
  HelpSessionStore,
  type HelpDevice,
  type HelpSessionStoreOptions,
  type OpenHelpSession,
} from '../../../../server/liveview/helpSessionStore';
import { PRESENCE_STALE_MS, type LiveViewChange, type Presence } from '../../../../src-shared/liveview/contract';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../support/endpointDbs';

const presence = (overrides: Partial<Presence> = {}): Presence => ({
  status: 'active',
  foregroundApp: 'Outlook',
  deviceName: 'PC-Berlin-7',
  os: { name: 'Windows', version: '11 23H2' },
  location: 'Berlin',
  tags: ['Erika Muster', 'erika@acme.test'],
  ...overrides,
});

const asking = (overrides: Partial<Presence> = {}, yourName: string | null = null): OpenHelpSession => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: '2026-11-30T10:00:00.000Z' },
  yourName,
  presence: presence(overrides),
});

const QUERY = { sort: 'openedAt', order: 'asc', limit: 100, offset: 0 } as const;

const acme = (deviceId: string): HelpDevice => ({ deviceId, companyId: 'acme' });
const ada = { id: 'user-ada', companyId: 'acme', name: 'Ada', email: 'ada@acme.test' };

async function companies(db: EndpointDb): Promise<void> {
  await db.query
    .insertInto('companies')
    .values([
      { id: 'acme', name: 'Acme', created_at: '2026-11-30T00:00:00.000Z' },
      { id: 'globex', name: 'Globex', created_at: '2026-11-30T00:00:00.000Z' },
    ])
    .execute();
}

describe.each(ENGINES)('help sessions on %s', (engine) => {
  let test: TestEndpointDb;
  let clock: Date;
  const store = (options: HelpSessionStoreOptions = {}) =>
    new HelpSessionStore(test.db, { now: () => clock, ...options });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    clock = new Date('2026-11-30T10:00:05.000Z');
    await companies(test.db);
  });
  afterEach(async () => test.close());

  it('opens a help session with a 9-digit ID, lists it with its presence, and ends it at once', async () => {
    const helpSessions = store();
    const opened = await helpSessions.open(acme('111111111'), asking({}, 'Erika'));
    expect(opened.code).toMatch(/^[1-9]\d{8}$/);
    expect(opened.kept).toBe(false);
    expect(opened.expiresAt).toBe('2026-11-30T11:00:05.000Z');
    expect((await helpSessions.list('acme', QUERY)).helpSessions).toEqual([
      {
        id: opened.id,
        code: opened.code,
        status: 'active',
        foregroundApp: 'Outlook',
        deviceName: 'PC-Berlin-7',
        os: { name: 'Windows', version: '11 23H2' },
        location: 'Berlin',
        tags: ['Erika Muster', 'erika@acme.test'],
        yourName: 'Erika',
        openedAt: '2026-11-30T10:00:05.000Z',
        expiresAt: '2026-11-30T11:00:05.000Z',
        lastSeenAt: '2026-11-30T10:00:05.000Z',
      },
    ]);
    advance(5_000);
    expect(await helpSessions.report(acme('111111111'), presence({ status: 'idle', foregroundApp: null }))).toEqual({
      expiresAt: opened.expiresAt,
    });
    expect((await helpSessions.list('acme', QUERY)).helpSessions[0]).toMatchObject({
      status: 'idle',
      foregroundApp: null,
      lastSeenAt: '2026-11-30T10:00:10.000Z',
    });
    await helpSessions.end(acme('111111111'));
    expect(await helpSessions.list('acme', QUERY)).toEqual({ helpSessions: [], total: 0 });
    expect(await helpSessions.report(acme('111111111'), presence())).toBeNull();
    expect((await helpSessions.events('acme', 10)).map((event) => event.action)).toEqual([
      'ended',
      'opened',
      'acknowledged',
    ]);
    expect((await helpSessions.events('acme', 10))[2]).toMatchObject({
      actorKind: 'device',
      actorId: '111111111',
      code: opened.code,
      detail: { textVersion: 'lv-ack-1', acknowledgedAt: '2026-11-30T10:00:00.000Z' },
    });
  });

  it('asking again while open keeps the same help session and ID', async () => {
    const helpSessions = store();
    const first = await helpSessions.open(acme('111111111'), asking());
    advance(10_000);
    const again = await helpSessions.open(acme('111111111'), asking({ status: 'idle' }));
    expect(again).toEqual({ ...first, kept: true });
    expect((await helpSessions.list('acme', QUERY)).helpSessions).toEqual([
      expect.objectContaining({ code: first.code, status: 'idle' }),
    ]);
  });

  it('a help session not heard from for 35 s is no longer listed or found, and the sweep records it', async () => {
    const helpSessions = store();
    const silent = await helpSessions.open(acme('111111111'), asking());
    const alive = await helpSessions.open(acme('222222222'), asking({ deviceName: 'PC-2' }));
    advance(PRESENCE_STALE_MS - 1_000);
    await helpSessions.report(acme('222222222'), presence({ deviceName: 'PC-2' }));
    expect((await helpSessions.list('acme', QUERY)).total).toBe(2);
    advance(2_000);
    expect((await helpSessions.list('acme', QUERY)).helpSessions.map((row) => row.code)).toEqual([alive.code]);
    expect(await helpSessions.lookup(ada, silent.code)).toBeNull();
    expect(await helpSessions.report(acme('111111111'), presence())).toBeNull();
    expect(await helpSessions.sweep()).toBe(0);
    expect((await helpSessions.events('acme', 10)).map((event) => [event.action, event.code])).toContainEqual([
      'went_silent',
      silent.code,
    ]);
    // Asking again after going silent opens a new help session.
    const anew = await helpSessions.open(acme('111111111'), asking());
    expect(anew.kept).toBe(false);
    expect(anew.id).not.toBe(silent.id);
  });

  it('a help session past its lifetime is gone, even while the device keeps reporting', async () => {
    const helpSessions = store({ lifetimeMs: 60_000 });
    const opened = await helpSessions.open(acme('111111111'), asking());
    for (let second = 0; second < 60; second += 15) {
      advance(15_000);
      if (second < 45) expect(await helpSessions.report(acme('111111111'), presence())).not.toBeNull();
    }
    expect(await helpSessions.report(acme('111111111'), presence())).toBeNull();
    expect((await helpSessions.list('acme', QUERY)).total).toBe(0);
    expect((await helpSessions.events('acme', 1))[0]).toMatchObject({ action: 'expired', code: opened.code });
  });

  it('an ID another open help session of the company holds is drawn anew; another company may hold it', async () => {
    const draws = ['123456789', '123456789', '123456789', '987654321'];
    const helpSessions = store({ newCode: () => draws.shift()! });
    expect((await helpSessions.open(acme('111111111'), asking())).code).toBe('123456789');
    expect((await helpSessions.open({ deviceId: '333333333', companyId: 'globex' }, asking())).code).toBe('123456789');
    expect((await helpSessions.open(acme('222222222'), asking())).code).toBe('987654321');
    expect(draws).toEqual([]);
  });

  it('finds a help session by its ID only within the supporter’s company, and records every lookup', async () => {
    const helpSessions = store();
    const mine = await helpSessions.open(acme('111111111'), asking());
    const theirs = await helpSessions.open({ deviceId: '333333333', companyId: 'globex' }, asking());
    expect(await helpSessions.lookup(ada, mine.code)).toMatchObject({ deviceId: '111111111', code: mine.code });
    expect(await helpSessions.lookup(ada, theirs.code)).toBeNull();
    expect(
      (await helpSessions.events('acme', 2)).map(({ action, actorKind, actorId, actor, code, deviceId }) => ({
        action,
        actorKind,
        actorId,
        actor,
        code,
        deviceId,
      })),
    ).toEqual([
      {
        action: 'lookup_failed',
        actorKind: 'user',
        actorId: 'user-ada',
        actor: 'Ada <ada@acme.test>',
        code: theirs.code,
        deviceId: null,
      },
      {
        action: 'looked_up',
        actorKind: 'user',
        actorId: 'user-ada',
        actor: 'Ada <ada@acme.test>',
        code: mine.code,
        deviceId: '111111111',
      },
    ]);
    expect((await helpSessions.events('globex', 10)).map((event) => event.action)).toEqual(['opened', 'acknowledged']);
  });

  it('searches by tag, Your name or ID (as shown, with spaces), filters by status, sorts and pages', async () => {
    const draws = ['314159265', '271828182'];
    const helpSessions = store({ newCode: () => draws.shift()! });
    const erika = await helpSessions.open(acme('111111111'), asking({ deviceName: 'B-PC' }, 'Erika'));
    advance(1_000);
    await helpSessions.open(
      acme('222222222'),
      asking({ deviceName: 'A-PC', status: 'idle', tags: ['Max Power', 'max@acme.test', '100%_done'] }),
    );
    const names = async (query: Partial<Parameters<HelpSessionStore['list']>[1]>) =>
      (await helpSessions.list('acme', { ...QUERY, ...query })).helpSessions.map((row) => row.deviceName);
    expect(await names({ search: 'ERIKA@acme' })).toEqual(['B-PC']);
    expect(await names({ search: 'erika' })).toEqual(['B-PC']);
    expect(erika.code).toBe('314159265');
    expect(await names({ search: '314 159' })).toEqual(['B-PC']);
    expect(await names({ search: '1828' })).toEqual(['A-PC']);
    expect(await names({ search: '0%_' })).toEqual(['A-PC']);
    expect(await names({ search: '%' })).toEqual(['A-PC']);
    expect(await names({ search: 'nobody' })).toEqual([]);
    expect(await names({ status: 'idle' })).toEqual(['A-PC']);
    expect(await names({ sort: 'deviceName' })).toEqual(['A-PC', 'B-PC']);
    expect(await names({ sort: 'openedAt', order: 'desc' })).toEqual(['A-PC', 'B-PC']);
    expect(await helpSessions.list('acme', { ...QUERY, limit: 1, offset: 1 })).toMatchObject({
      helpSessions: [expect.objectContaining({ deviceName: 'A-PC' })],
      total: 2,
    });
  });

  it('tells each change a supporter sees — open, presence change, end, silence — and not a heartbeat that changes nothing', async () => {
    const told: [string, LiveViewChange][] = [];
    const helpSessions = store({ changed: (companyId, change) => told.push([companyId, change]) });
    const erika = await helpSessions.open(acme('111111111'), asking());
    const otto = await helpSessions.open({ deviceId: '222222222', companyId: 'globex' }, asking());
    advance(1000);
    await helpSessions.report(acme('111111111'), presence());
    await helpSessions.report(acme('111111111'), presence({ status: 'idle' }));
    await helpSessions.end(acme('111111111'));
    advance(PRESENCE_STALE_MS + 1);
    await helpSessions.sweep();
    expect(told).toEqual([
      ['acme', { kind: 'upsert', helpSession: expect.objectContaining({ id: erika.id, status: 'active' }) }],
      ['globex', { kind: 'upsert', helpSession: expect.objectContaining({ id: otto.id }) }],
      ['acme', { kind: 'upsert', helpSession: expect.objectContaining({ id: erika.id, status: 'idle' }) }],
      ['acme', { kind: 'remove', id: erika.id, reason: 'ended' }],
      ['globex', { kind: 'remove', id: otto.id, reason: 'silent' }],
    ]);
  });

  if (engine === 'postgres') {
    it('two instances sweeping the same silent help session at once: only one tells of it', async () => {
      const second = await openPostgresEndpointDb(test.url!);
      try {
        const told: LiveViewChange[] = [];
        const options = { now: () => clock, changed: (_: string, change: LiveViewChange) => told.push(change) };
        const a = new HelpSessionStore(test.db, options);
        const b = new HelpSessionStore(second, options);
        const opened = await a.open(acme('111111111'), asking());
        told.length = 0;
        advance(PRESENCE_STALE_MS + 1);
        await Promise.all([a.sweep(), b.sweep()]);
        expect(told).toEqual([{ kind: 'remove', id: opened.id, reason: 'silent' }]);
      } finally {
        await second.close();
      }
    });

    it('two instances opening at the same moment with the same drawn ID: the database gives it to one', async () => {
      const second = await openPostgresEndpointDb(test.url!);
      try {
        // Both instances draw the same ID first: only the database can tell them apart.
        const drawsA = ['555555555', '666666666', '600000000'];
        const drawsB = ['555555555', '777777777', '700000000'];
        const a = new HelpSessionStore(test.db, { now: () => clock, newCode: () => drawsA.shift()! });
        const b = new HelpSessionStore(second, { now: () => clock, newCode: () => drawsB.shift()! });
        const opened = await Promise.all([a.open(acme('111111111'), asking()), b.open(acme('222222222'), asking())]);
        const codes = opened.map((each) => each.code);
        expect(codes).toContain('555555555');
        expect(new Set(codes).size).toBe(2);
        expect(drawsA.length + drawsB.length).toBe(3);
        // And one device asking on both at once gets one help session.
        const same = await Promise.all([a.open(acme('888888888'), asking()), b.open(acme('888888888'), asking())]);
        expect(same[0]!.id).toBe(same[1]!.id);
        expect(same.map((each) => each.kept).sort()).toEqual([false, true]);
        expect((await a.list('acme', QUERY)).total).toBe(3);
      } finally {
        await second.close();
      }
    });
  }
});
