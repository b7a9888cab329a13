import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { LOOKUP_LIMITS } from '../../../../server/liveview/routes';
import { apiCaller } from '../../../support/apiCall';
import { companyParties } from '../../../support/companyParties';
import { tempDir } from '../../../support/tempDir';

/**
 * Live View over the real endpoint: a company's devices ask for help and report presence; its
 * supporters (permission *liveview.view*) list them and connect by code. Two companies share the
 * endpoint, and neither ever sees the other's help sessions.
 */

const HELP = '/api/v1/devices/me/help-session';
const LIST = '/api/v1/liveview/help-sessions';
const LOOKUP = '/api/v1/liveview/connect-by-code';

const presence = (deviceName: string, tags: string[], status: 'active' | 'idle' = 'active') => ({
  status,
  foregroundApp: 'Excel',
  deviceName,
  os: { name: 'Windows', version: '11' },
  location: 'Berlin',
  tags,
});
const askFor = (deviceName: string, tags: string[]) => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  yourName: null,
  presence: presence(deviceName, tags),
});

describe('Live View: asking for help, listing and connecting by code', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let parties: ReturnType<typeof companyParties>;
  const call = apiCaller(() => server.url);
  const supporter = (admin: string, email: string, permissions: string[]) => parties.user(admin, email, permissions);
  const device = (admin?: string) => parties.device(admin);
  const list = async (token: string, query = '') => call('GET', `${LIST}${query}`, undefined, token);

  let acme: { companyId: string; admin: string };
  let globex: { companyId: string; admin: string };
  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    parties = companyParties(() => server.url, dir.path);
    acme = await parties.company('Acme', 'ada@acme.test');
    globex = await parties.company('Globex', 'gus@globex.test');
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('a device asks for help, reports presence, a supporter lists it and connects by code; stopping removes it at once', async () => {
    const sam = await supporter(acme.admin, 'sam@acme.test', ['liveview.view']);
    const erika = await device(acme.admin);
    const opened = await erika.call('POST', HELP, askFor('Erika-PC', ['Erika Muster', 'erika@acme.test']));
    expect(opened.status).toBe(200);
    const code = opened.body!.code as string;
    expect(code).toMatch(/^\d{9}$/);
    expect(opened.body).toMatchObject({ kept: false });

    const listed = await list(sam);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      helpSessions: [
        expect.objectContaining({
          code,
          status: 'active',
          foregroundApp: 'Excel',
          deviceName: 'Erika-PC',
          os: { name: 'Windows', version: '11' },
          location: 'Berlin',
          tags: ['Erika Muster', 'erika@acme.test'],
        }),
      ],
      total: 1,
    });
    expect(listed.body!.helpSessions).not.toContainEqual(expect.objectContaining({ deviceId: expect.anything() }));

    // The end user switches away: the next report turns the row idle.
    const reported = await erika.call('PUT', `${HELP}/presence`, presence('Erika-PC', ['Erika Muster'], 'idle'));
    expect(reported).toEqual({ status: 200, body: { expiresAt: opened.body!.expiresAt } });
    expect((await list(sam, '?status=idle')).body!.helpSessions).toEqual([
      expect.objectContaining({ code, status: 'idle' }),
    ]);
    expect((await list(sam, '?status=active')).body).toEqual({ helpSessions: [], total: 0 });

    // Asking again (the app restarted) keeps the same help session.
    const again = await erika.call('POST', HELP, askFor('Erika-PC', ['Erika Muster']));
    expect(again.body).toMatchObject({ code, kept: true });

    // Connect by code, typed as shown.
    const shown = `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;
    const found = await call('POST', LOOKUP, { code: shown }, sam);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ code, deviceId: erika.deviceId, deviceName: 'Erika-PC', status: 'active' });

    expect((await erika.call('DELETE', HELP)).status).toBe(204);
    expect((await list(sam)).body).toEqual({ helpSessions: [], total: 0 });
    const gone = await call('POST', LOOKUP, { code }, sam);
    expect(gone.status).toBe(404);
    expect((gone.body!.error as { code: string }).code).toBe('help_code_unknown');
    const late = await erika.call('PUT', `${HELP}/presence`, presence('Erika-PC', []));
    expect(late.status).toBe(410);
    expect((late.body!.error as { code: string }).code).toBe('help_session_ended');
    expect((await erika.call('DELETE', HELP)).status).toBe(204);

    // The administrator reads who did what.
    const events = await call('GET', '/api/v1/admin/liveview/events', undefined, acme.admin);
    expect(events.status).toBe(200);
    expect((events.body!.events as { action: string }[]).map((event) => event.action)).toEqual([
      'lookup_failed',
      'ended',
      'looked_up',
      'kept',
      'acknowledged',
      'opened',
      'acknowledged',
    ]);
  });

  it('a user without liveview.view can neither list nor look up help sessions', async () => {
    const viewer = await supporter(acme.admin, 'vic@acme.test', ['insights.view']);
    const erika = await device(acme.admin);
    const code = (await erika.call('POST', HELP, askFor('Erika-PC', []))).body!.code as string;
    for (const refused of [await list(viewer), await call('POST', LOOKUP, { code }, viewer)]) {
      expect(refused.status).toBe(403);
      expect((refused.body!.error as { code: string }).code).toBe('forbidden');
    }
    // Nor is the record of lookups theirs to read.
    expect((await call('GET', '/api/v1/admin/liveview/events', undefined, viewer)).status).toBe(403);
  });

  it('only a device of a company asks for help, and what it reports is bounded', async () => {
    const loner = await device();
    const refused = await loner.call('POST', HELP, askFor('Loner', []));
    expect(refused.status).toBe(403);
    expect((refused.body!.error as { code: string }).code).toBe('no_company');

    const erika = await device(acme.admin);
    const tooMany = await erika.call(
      'POST',
      HELP,
      askFor(
        'Erika-PC',
        Array.from({ length: 21 }, (_, i) => `t${i}`),
      ),
    );
    expect(tooMany.status).toBe(400);
    const unacknowledged = await erika.call('POST', HELP, { presence: presence('Erika-PC', []) });
    expect(unacknowledged.status).toBe(400);
    expect((await erika.call('PUT', `${HELP}/presence`, presence('x'.repeat(121), []))).status).toBe(400);
  });

  it('failed lookups are limited to 5 a minute per supporter, then even the right ID waits; others are not held up', async () => {
    const sam = await supporter(acme.admin, 'sam@acme.test', ['liveview.view']);
    const sue = await supporter(acme.admin, 'sue@acme.test', ['liveview.view']);
    const erika = await device(acme.admin);
    const code = (await erika.call('POST', HELP, askFor('Erika-PC', []))).body!.code as string;
    const wrong = code === '100000000' ? '100000001' : '100000000';
    // A successful lookup does not count against the supporter.
    expect((await call('POST', LOOKUP, { code }, sam)).status).toBe(200);
    for (let attempt = 0; attempt < LOOKUP_LIMITS.perSupporter; attempt++) {
      expect((await call('POST', LOOKUP, { code: wrong }, sam)).status).toBe(404);
    }
    const limited = await call('POST', LOOKUP, { code }, sam);
    expect(limited.status).toBe(429);
    expect((limited.body!.error as { code: string }).code).toBe('rate_limited');
    expect(limited.body!.retryAfterMs).toBeGreaterThan(0);
    expect((await call('POST', LOOKUP, { code }, sue)).status).toBe(200);
  });

  it('failed lookups of many supporters together are limited per company; another company is not held up', async () => {
    const erika = await device(acme.admin);
    const code = (await erika.call('POST', HELP, askFor('Erika-PC', []))).body!.code as string;
    const wrong = code === '100000000' ? '100000001' : '100000000';
    const guessers = Math.ceil(LOOKUP_LIMITS.perCompany / LOOKUP_LIMITS.perSupporter);
    let failed = 0;
    for (let index = 0; index < guessers; index++) {
      const token = await supporter(acme.admin, `guesser${index}@acme.test`, ['liveview.view']);
      for (let attempt = 0; attempt < LOOKUP_LIMITS.perSupporter && failed < LOOKUP_LIMITS.perCompany; attempt++) {
        expect((await call('POST', LOOKUP, { code: wrong }, token)).status).toBe(404);
        failed++;
      }
    }
    const fresh = await supporter(acme.admin, 'fresh@acme.test', ['liveview.view']);
    expect((await call('POST', LOOKUP, { code }, fresh)).status).toBe(429);
    const gil = await supporter(globex.admin, 'gil@globex.test', ['liveview.view']);
    expect((await call('POST', LOOKUP, { code: wrong }, gil)).status).toBe(404);
  });

  it('two companies on one endpoint: neither supporter lists or finds the other’s help sessions', async () => {
    const sam = await supporter(acme.admin, 'sam@acme.test', ['liveview.view']);
    const gil = await supporter(globex.admin, 'gil@globex.test', ['liveview.view']);
    const acmeDevices = [await device(acme.admin), await device(acme.admin)];
    const globexDevices = [await device(globex.admin), await device(globex.admin)];
    const codes = async (devices: typeof acmeDevices, tag: string) => {
      const opened = [];
      for (const each of devices) {
        opened.push((await each.call('POST', HELP, askFor(`${tag}-${each.deviceId}`, [tag, 'shared-tag']))).body!);
      }
      return opened.map((body) => body.code as string);
    };
    const acmeCodes = await codes(acmeDevices, 'acme');
    const globexCodes = await codes(globexDevices, 'globex');

    for (const [token, own, other] of [
      [sam, acmeCodes, globexCodes],
      [gil, globexCodes, acmeCodes],
    ] as const) {
      const everyone = await list(token!, '?limit=500');
      expect((everyone.body!.helpSessions as { code: string }[]).map((row) => row.code).sort()).toEqual(
        [...own].sort(),
      );
      expect(everyone.body!.total).toBe(2);
      expect((await list(token!, '?search=shared-tag')).body!.total).toBe(2);
      for (const code of other) {
        expect((await list(token!, `?search=${code}`)).body).toEqual({ helpSessions: [], total: 0 });
      }
      // Looking up the other company's ID fails as a wrong ID does (within the limit of 5).
      for (const code of other) {
        const refused = await call('POST', LOOKUP, { code }, token!);
        expect(refused.status).toBe(404);
      }
      expect((await call('POST', LOOKUP, { code: own[0] }, token!)).status).toBe(200);
    }
    // Nor does the other company's record tell of it.
    const acmeEvents = (await call('GET', '/api/v1/admin/liveview/events', undefined, acme.admin)).body!.events as {
      code: string;
      deviceId: string | null;
    }[];
    expect(
      acmeEvents.filter((event) => event.deviceId && globexDevices.some((d) => d.deviceId === event.deviceId)),
    ).toEqual([]);
  });
});
