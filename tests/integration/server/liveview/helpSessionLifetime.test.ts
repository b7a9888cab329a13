import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { companyParties } from '../../../support/companyParties';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';

/**
 * LV-4: a company sets how long its help sessions live (5 min … 12 h, an hour by default). Only
 * its administrators change it, for their company alone; a help session opened after the change
 * ends at the new lifetime, one already open keeps its expiry. The endpoint's Live View clock is
 * the test's, so an expiry needs no waiting.
 */

const HELP = '/api/v1/devices/me/help-session';
const SETTINGS = '/api/v1/admin/liveview/settings';
const MINUTE = 60_000;

const askFor = (deviceName: string) => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  presence: {
    status: 'active',
    foregroundApp: 'Excel',
    deviceName,
    os: { name: 'Windows', version: '11' },
    location: 'Berlin',
    tags: [],
  },
});
const lifetimeOf = (answer: { body: Record<string, unknown> | null }) =>
  Date.parse(answer.body!.expiresAt as string) - Date.parse(answer.body!.openedAt as string);

describe('Live View: the company sets how long help sessions live', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let parties: ReturnType<typeof companyParties>;
  /** How far the endpoint's Live View clock is ahead of the real one. */
  let ahead = 0;
  let acme: { companyId: string; admin: string };
  let globex: { companyId: string; admin: string };

  beforeEach(async () => {
    dir = tempDir();
    ahead = 0;
    server = await startServer({ dataDir: dir.path, logger: false, liveview: { now: () => Date.now() + ahead } });
    parties = companyParties(() => server.url, dir.path);
    acme = await parties.company('Acme', 'ada@acme.test');
    globex = await parties.company('Globex', 'gus@globex.test');
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('an hour by default; an administrator sets 5 … 720 minutes, and a lifetime outside that is refused with why', async () => {
    const { call } = parties;
    expect((await call('GET', SETTINGS, undefined, acme.admin)).body).toEqual({
      codeSkipsAccept: false,
      lifetimeMinutes: 60,
    });
    for (const [lifetimeMinutes, why] of [
      [4, 'at least 5 minutes'],
      [721, 'at most 720 minutes'],
      [7.5, 'whole number of minutes'],
      ['30', 'number'],
    ] as const) {
      const refused = await call('PUT', SETTINGS, { lifetimeMinutes }, acme.admin);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(why);
    }
    expect((await call('PUT', SETTINGS, { lifetimeMinutes: 5 }, acme.admin)).body).toEqual({
      codeSkipsAccept: false,
      lifetimeMinutes: 5,
    });
    expect((await call('PUT', SETTINGS, { lifetimeMinutes: 720 }, acme.admin)).body).toEqual({
      codeSkipsAccept: false,
      lifetimeMinutes: 720,
    });
    // Changing the other setting leaves the lifetime as it is.
    expect((await call('PUT', SETTINGS, { codeSkipsAccept: true }, acme.admin)).body).toEqual({
      codeSkipsAccept: true,
      lifetimeMinutes: 720,
    });
    expect((await call('GET', SETTINGS, undefined, acme.admin)).body).toEqual({
      codeSkipsAccept: true,
      lifetimeMinutes: 720,
    });
  });

  it('a supporter without admin.policies can neither read nor change it', async () => {
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    expect((await parties.call('GET', SETTINGS, undefined, sam)).status).toBe(403);
    expect((await parties.call('PUT', SETTINGS, { lifetimeMinutes: 5 }, sam)).status).toBe(403);
    expect((await parties.call('GET', SETTINGS, undefined, acme.admin)).body).toMatchObject({ lifetimeMinutes: 60 });
  });

  it('one company’s lifetime is its own: the other company’s help sessions still live an hour', async () => {
    expect((await parties.call('PUT', SETTINGS, { lifetimeMinutes: 15 }, acme.admin)).status).toBe(200);
    expect((await parties.call('GET', SETTINGS, undefined, globex.admin)).body).toMatchObject({ lifetimeMinutes: 60 });
    const erika = await parties.device(acme.admin);
    const gina = await parties.device(globex.admin);
    expect(lifetimeOf(await erika.call('POST', HELP, askFor('Erika-PC')))).toBe(15 * MINUTE);
    expect(lifetimeOf(await gina.call('POST', HELP, askFor('Gina-PC')))).toBe(60 * MINUTE);
  });

  it('a help session opened after the change ends at the new lifetime; one already open keeps its expiry', async () => {
    const erika = await parties.device(acme.admin);
    const before = await erika.call('POST', HELP, askFor('Erika-PC'));
    expect(lifetimeOf(before)).toBe(60 * MINUTE);

    expect((await parties.call('PUT', SETTINGS, { lifetimeMinutes: 5 }, acme.admin)).status).toBe(200);
    const kept = await erika.call('POST', HELP, askFor('Erika-PC'));
    expect(kept.body).toMatchObject({ code: before.body!.code, expiresAt: before.body!.expiresAt, kept: true });

    // Stopped and asked again: a new help session, with the company's new lifetime.
    expect((await erika.call('DELETE', HELP)).status).toBe(204);
    const after = await erika.call('POST', HELP, askFor('Erika-PC'));
    expect(after.body).toMatchObject({ kept: false });
    expect(lifetimeOf(after)).toBe(5 * MINUTE);

    // Reporting every 30 s it stays open for five minutes; past them it is over, and the next ask opens another.
    for (ahead = 30_000; ahead < 5 * MINUTE; ahead += 30_000) {
      expect((await erika.call('PUT', `${HELP}/presence`, askFor('Erika-PC').presence)).body).toEqual({
        expiresAt: after.body!.expiresAt,
      });
    }
    ahead = 5 * MINUTE + 1_000;
    expect((await erika.call('PUT', `${HELP}/presence`, askFor('Erika-PC').presence)).status).toBe(410);
    const events = await parties.call('GET', '/api/v1/admin/liveview/events', undefined, acme.admin);
    expect(
      (events.body!.events as { code: string; action: string }[])
        .filter((event) => event.code === after.body!.code)
        .map((event) => event.action)
        .reverse(),
    ).toEqual(['acknowledged', 'opened', 'expired']);
    const next = await erika.call('POST', HELP, askFor('Erika-PC'));
    expect(next.body!.code).not.toBe(after.body!.code);
    expect(lifetimeOf(next)).toBe(5 * MINUTE);
  });
});
