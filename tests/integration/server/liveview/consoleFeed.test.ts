import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { CONSOLE_FEED_SIGNED_OUT, LIVEVIEW_CONSOLE_FEED_PATH } from '../../../../src-shared/signaling/consoleFeed';
import { companyParties } from '../../../support/companyParties';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { consoleSocket } from '../signaling/consoleSocket';
import type { ServerMessage } from '../../../../src-shared/signaling/protocol';

/**
 * LV-1 in the web console: a socket the signed-in user's bearer session opens receives the
 * company's help sessions live, as the desktop's signaling connection does — only with
 * `liveview.view`, only the user's own company's, renewed by the endpoint while the session lasts.
 */

const HELP = '/api/v1/devices/me/help-session';
const askFor = (deviceName: string, status: 'active' | 'idle' = 'active') => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  presence: {
    status,
    foregroundApp: null,
    deviceName,
    os: { name: 'Windows', version: '11' },
    location: null,
    tags: [],
  },
});

describe('Live View in the web console, over its own socket', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  async function start(liveview: { ticketTtlMs?: number } = {}) {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false, liveview });
    const parties = companyParties(() => server.url, dir.path);
    const acme = await parties.company('Acme', 'ada@acme.test');
    const globex = await parties.company('Globex', 'gus@globex.test');
    return { parties, acme, globex };
  }

  it('a supporter’s tab receives the snapshot, then each open, change and end — of its company only', async () => {
    const { parties, acme, globex } = await start();
    const erika = await parties.device(acme.admin);
    const opened = await erika.call('POST', HELP, askFor('Erika-PC'));
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    const tab = await consoleSocket(server.url, LIVEVIEW_CONSOLE_FEED_PATH, sam);
    expect(await tab.next()).toMatchObject({
      type: 'liveview-snapshot',
      done: true,
      helpSessions: [{ id: opened.body!.id, deviceName: 'Erika-PC' }],
    });

    const elsewhere = await parties.device(globex.admin);
    await elsewhere.call('POST', HELP, askFor('Globex-PC'));
    const max = await parties.device(acme.admin);
    const maxOpened = await max.call('POST', HELP, askFor('Max-PC'));
    expect(await tab.next()).toMatchObject({
      type: 'liveview-upsert',
      helpSession: { id: maxOpened.body!.id, deviceName: 'Max-PC' },
    });
    await erika.call('PUT', `${HELP}/presence`, askFor('Erika-PC', 'idle').presence);
    expect(await tab.next()).toMatchObject({ type: 'liveview-upsert', helpSession: { status: 'idle' } });
    await erika.call('DELETE', HELP);
    expect(await tab.next()).toEqual({ type: 'liveview-remove', id: opened.body!.id, reason: 'ended' });
    expect(JSON.stringify(tab.frames)).not.toContain('Globex-PC');
    tab.socket.close();
  });

  it('without a valid session the socket closes as signed out; without liveview.view it is refused as forbidden', async () => {
    const { parties, acme } = await start();
    await parties.device(acme.admin).then((erika) => erika.call('POST', HELP, askFor('Erika-PC')));
    const stranger = await consoleSocket(server.url, LIVEVIEW_CONSOLE_FEED_PATH, 'not-a-session-token');
    expect(await stranger.closed).toBe(CONSOLE_FEED_SIGNED_OUT);
    expect(stranger.frames).toEqual([]);

    const nora = await parties.user(acme.admin, 'nora@acme.test', ['insights.view']);
    const tab = await consoleSocket(server.url, LIVEVIEW_CONSOLE_FEED_PATH, nora);
    expect(await tab.next()).toEqual({ type: 'liveview-refused', code: 'forbidden' });
    expect(await tab.closed).toBe(1000);
    expect(tab.frames).toHaveLength(1);

    // Anything but one auth message ends the socket.
    const chatty = await consoleSocket(server.url, LIVEVIEW_CONSOLE_FEED_PATH, null);
    chatty.socket.send('hello');
    expect(await chatty.closed).toBe(1008);
  });

  it('the endpoint renews the subscription while the session lasts; after sign-out the socket closes as signed out', async () => {
    const { parties, acme } = await start({ ticketTtlMs: 1000 });
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    const tab = await consoleSocket(server.url, LIVEVIEW_CONSOLE_FEED_PATH, sam);
    expect(await tab.next()).toMatchObject({ type: 'liveview-snapshot', done: true });
    // Renewed twice (a fresh snapshot each time), never refused as expired.
    expect(await tab.next()).toMatchObject({ type: 'liveview-snapshot', done: true });
    expect(await tab.next()).toMatchObject({ type: 'liveview-snapshot', done: true });
    const erika = await parties.device(acme.admin);
    const opened = await erika.call('POST', HELP, askFor('Erika-PC'));
    // Erika's help session arrives, as a change or within a renewal's snapshot.
    const carries = (frame: ServerMessage) =>
      frame.type === 'liveview-upsert'
        ? frame.helpSession.id === opened.body!.id
        : frame.type === 'liveview-snapshot' && frame.helpSessions.some((each) => each.id === opened.body!.id);
    while (!carries(await tab.next()));

    expect((await parties.call('POST', '/api/v1/auth/sign-out', undefined, sam)).status).toBeLessThan(300);
    expect(await tab.closed).toBe(CONSOLE_FEED_SIGNED_OUT);
    expect(tab.frames.some((each) => each.type === 'liveview-refused')).toBe(false);
  });
});
