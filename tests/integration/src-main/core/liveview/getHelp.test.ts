import { createServer } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { type RunningServer, type ServerOptions } from '../../../../../server/app';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import { managedConfigSchema } from '../../../../../src-shared/domain/managedConfig';
import { TandemError } from '../../../../../src-shared/errors';
import { errorsEn } from '../../../../../src-shared/errors.en';
import type { Channel, EventName, EventPayload, Request, Response } from '../../../../../src-shared/ipc/contract';
import type { HelpSession, HelpSessionEvent } from '../../../../../src-shared/liveview/contract';
import { GET_HELP_ACK_TEXT_VERSION, type GetHelpState } from '../../../../../src-shared/liveview/getHelpIpc';
import { companyParties } from '../../../../support/companyParties';
import { recordingInjector } from '../../../../support/corePair';
import { memoryLogger } from '../../../../support/silentLogger';
import { startServer } from '../../../../support/testServer';
import { tempDir } from '../../../../support/tempDir';

/**
 * *Get help* (LV-1 … LV-4) with a real main core against the real endpoint: the end user's core
 * opens a help session after the acknowledgement, reports presence, and ends it; the company's
 * supporter (permission *liveview.view*) lists it, and the administrator reads the record.
 */

type Open = Extract<GetHelpState, { state: 'open' }>;

describe('Get help: the end user’s core asks for help on the real endpoint', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const cores: BootedCore[] = [];
  let server: RunningServer;
  let parties: ReturnType<typeof companyParties>;
  let acme: { companyId: string; admin: string };
  let sam: string;

  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };
  let serverDir: string;
  const setUp = async (liveview?: ServerOptions['liveview']) => {
    serverDir = dir();
    server = await startServer({ dataDir: serverDir, logger: false, liveview });
    parties = companyParties(() => server.url, serverDir);
    acme = await parties.company('Acme', 'ada@acme.test');
    sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
  };
  afterEach(async () => {
    for (const booted of cores.splice(0)) await booted.shutdown();
    await server.close();
    for (const made of dirs.splice(0)) made.cleanup();
  });

  /** The supporter's list of the company's help sessions. */
  const listed = async (): Promise<HelpSession[]> => {
    const answer = await parties.call('GET', '/api/v1/liveview/help-sessions', undefined, sam);
    expect(answer.status).toBe(200);
    return answer.body!.helpSessions as HelpSession[];
  };
  /** The administrator's record (newest first). */
  const record = async (): Promise<HelpSessionEvent[]> => {
    const answer = await parties.call('GET', '/api/v1/admin/liveview/events', undefined, acme.admin);
    expect(answer.status).toBe(200);
    return answer.body!.events as HelpSessionEvent[];
  };
  const actions = async (code: string) =>
    (await record())
      .filter((event) => event.code === code)
      .map((event) => event.action)
      .reverse();

  /** An end user's computer: a real core, enrolled in Acme with IT's token unless `company` is false. */
  const computer = async (
    options: { company?: boolean; managed?: Record<string, unknown>; cloudUrl?: string } = {},
  ) => {
    const { company = true, managed = {} } = options;
    const enrollmentToken = company
      ? ((await parties.call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }, acme.admin)).body!
          .token as string)
      : undefined;
    const dataDir = dir();
    const logger = memoryLogger();
    const boot = async () => {
      const booted = await bootCore({
        dataDir,
        runtime: 'browser',
        version: '0.0.0-test',
        log: logger.log,
        cloudUrl: options.cloudUrl ?? server.url,
        injector: recordingInjector(),
        foregroundProbe: () => ({ app: 'Excel', title: 'Budget 2027.xlsx' }),
        managed: managedConfigSchema.parse({ ...(enrollmentToken ? { enrollmentToken } : {}), ...managed }),
        startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
      });
      cores.push(booted);
      return booted;
    };
    const pc = {
      booted: await boot(),
      /** What the core logged, as JSON lines. */
      logged: logger.lines,
      async invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
        const result = await pc.booted.core.dispatch(channel, request);
        if (!result.ok) throw TandemError.fromShape(result.error);
        return result.value as Response<C>;
      },
      /** The first `event` from now on that matches. */
      next<E extends EventName>(event: E, match: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            unsubscribe();
            reject(new Error(`no matching ${event} within 20 s`));
          }, 20_000);
          const unsubscribe = pc.booted.core.events.subscribe((name, payload) => {
            if (name === event && match(payload as EventPayload<E>)) {
              clearTimeout(timer);
              unsubscribe();
              resolve(payload as EventPayload<E>);
            }
          });
        });
      },
      async getHelp(yourName?: string): Promise<Open> {
        const state = await pc.invoke('getHelp.start', {
          acknowledgement: { textVersion: GET_HELP_ACK_TEXT_VERSION, acknowledgedAt: new Date().toISOString() },
          yourName,
        });
        expect(state).toMatchObject({ state: 'open', code: expect.stringMatching(/^\d{9}$/) });
        return state as Open;
      },
      /** Tandem closes and starts again on the same data folder. */
      async restart() {
        await pc.booted.shutdown();
        cores.splice(cores.indexOf(pc.booted), 1);
        pc.booted = await boot();
      },
    };
    if (company) {
      await expect
        .poll(async () => (await pc.invoke('company.membership', {})).enrollment, { timeout: 10_000 })
        .toEqual({ state: 'enrolled', companyName: 'Acme' });
    }
    return pc;
  };

  it('opens after the acknowledgement, and the supporter sees its presence: app, OS, location, tags', async () => {
    // The computer's time zone names where the end user is.
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    await setUp();
    const erika = await computer({ managed: { tags: ['Finance', '3rd floor'] } });
    await erika.invoke('account.signIn', { email: 'sam@acme.test', password: 'a long password' });
    const opened = await erika.getHelp('Erika Muster');
    expect(opened).toMatchObject({ endingSoon: false, reconnecting: false, renewed: null, kept: false });

    const [shown] = await listed();
    expect(shown).toMatchObject({
      code: opened.code,
      status: 'active',
      foregroundApp: 'Excel',
      os: { name: expect.any(String), version: expect.any(String) },
      location: 'Berlin, Europe',
      yourName: 'Erika Muster',
      expiresAt: opened.expiresAt,
    });
    expect(shown!.tags).toEqual(['sam', 'sam@acme.test', 'Finance', '3rd floor', 'Erika Muster']);
    expect(shown!.deviceName.length).toBeGreaterThan(0);
    const acknowledged = (await record()).find((event) => event.action === 'acknowledged');
    expect(acknowledged).toMatchObject({ code: opened.code, detail: { textVersion: GET_HELP_ACK_TEXT_VERSION } });
    expect(await actions(opened.code)).toEqual(['acknowledged', 'opened']);
    expect(await erika.invoke('getHelp.status', {})).toEqual(opened);
  });

  it('goes idle for the supporter when the window loses focus, active again with input', async () => {
    await setUp();
    const erika = await computer();
    const { code } = await erika.getHelp();
    expect((await listed())[0]).toMatchObject({ code, status: 'active' });

    await erika.invoke('getHelp.activity', { focused: false, lastInputAt: new Date().toISOString() });
    await expect.poll(async () => (await listed())[0]?.status, { timeout: 5_000 }).toBe('idle');
    await erika.invoke('getHelp.activity', { focused: true, lastInputAt: new Date().toISOString() });
    await expect.poll(async () => (await listed())[0]?.status, { timeout: 5_000 }).toBe('active');
    // Input more than a minute ago is idle, even in front.
    await erika.invoke('getHelp.activity', { focused: true, lastInputAt: new Date(Date.now() - 61_000).toISOString() });
    await expect.poll(async () => (await listed())[0]?.status, { timeout: 5_000 }).toBe('idle');
  });

  it('Stop asking for help: the help session is gone for the supporter at once', async () => {
    await setUp();
    const erika = await computer();
    const { code } = await erika.getHelp();
    expect(await listed()).toHaveLength(1);
    expect(await erika.invoke('getHelp.stop', {})).toEqual({ state: 'idle' });
    expect(await listed()).toEqual([]);
    expect(await actions(code)).toEqual(['acknowledged', 'opened', 'ended']);
  });

  it('closing Tandem ends the help session at once (not after 35 s of silence), before the core’s shutdown resolves', async () => {
    await setUp();
    const gate = await holdingProxy(server.url, 'DELETE /api/v1/devices/me/help-session');
    onTestFinished(() => gate.close());
    const erika = await computer({ cloudUrl: gate.url });
    const { code } = await erika.getHelp();
    let resolved = false;
    const shutdown = erika.booted.shutdown().then(() => (resolved = true));
    // The end reached the way to the endpoint and is held there: the core's shutdown waits for it.
    await gate.arrived;
    expect(resolved).toBe(false);
    gate.release();
    await shutdown;
    cores.splice(cores.indexOf(erika.booted), 1);
    // Nothing is left in flight: an Electron quit right after this loses nothing.
    expect(await actions(code)).toEqual(['acknowledged', 'opened', 'ended']);
    expect(await listed()).toEqual([]);
  });

  it('closing Tandem while the endpoint does not answer still finishes, without waiting for the answer', async () => {
    await setUp();
    const erika = await computer();
    await erika.getHelp();
    // The endpoint's address now takes requests and never answers them.
    const port = Number(new URL(server.url).port);
    await server.close();
    const unanswered: string[] = [];
    const silent = createServer((request) => unanswered.push(`${request.method} ${request.url}`));
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    onTestFinished(async () => {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      server = await startServer({ dataDir: serverDir, logger: false, port });
    });

    await erika.booted.shutdown();
    cores.splice(cores.indexOf(erika.booted), 1);
    // The core asked to end the help session, and went on without the answer (the request waits up to 10 s).
    expect(unanswered).toContain('DELETE /api/v1/devices/me/help-session');
    expect(erika.logged().map((line) => JSON.parse(line) as { msg: string })).toContainEqual(
      expect.objectContaining({ msg: 'a core module did not close in time; going on' }),
    );
  });

  it('a help session the endpoint ended (410) is replaced by a new ID, and the end user is told', async () => {
    await setUp();
    const erika = await computer();
    const first = await erika.getHelp();
    // The endpoint lost it (swept as silent, say): the row is gone.
    await server.data.query.deleteFrom('help_sessions').execute();
    const renewed = erika.next('getHelp.changed', (state) => state.state === 'open' && state.renewed === 'ended');
    await erika.invoke('getHelp.activity', { focused: false, lastInputAt: null });
    const second = (await renewed) as Open;
    expect(second.code).not.toBe(first.code);
    expect((await listed()).map((shown) => [shown.code, shown.status])).toEqual([[second.code, 'idle']]);
  });

  it('while the endpoint is unreachable the end user reads “reconnecting”, and the same ID goes on once it is back', async () => {
    await setUp();
    const erika = await computer();
    const { code } = await erika.getHelp();
    const port = Number(new URL(server.url).port);
    await server.close();
    const reconnecting = erika.next('getHelp.changed', (state) => state.state === 'open' && state.reconnecting);
    await erika.invoke('getHelp.activity', { focused: false, lastInputAt: null });
    expect(await reconnecting).toMatchObject({ code });

    const back = erika.next('getHelp.changed', (state) => state.state === 'open' && !state.reconnecting);
    server = await startServer({ dataDir: serverDir, logger: false, port });
    expect(await back).toMatchObject({ code, renewed: null });
    expect((await listed()).map((shown) => [shown.code, shown.status])).toEqual([[code, 'idle']]);
  });

  it('with Keep session, a restart of Tandem keeps the same help session ID', async () => {
    await setUp();
    const erika = await computer();
    await erika.invoke('settings.update', { keepHelpSession: true });
    expect(await erika.invoke('getHelp.keepSession', {})).toEqual({ on: true, lockedByIt: false });
    const before = await erika.getHelp();
    await erika.restart();
    await expect
      .poll(() => erika.invoke('getHelp.status', {}), { timeout: 10_000 })
      .toMatchObject({ state: 'open', code: before.code, expiresAt: before.expiresAt, kept: true });
    expect(await actions(before.code)).toEqual(['acknowledged', 'opened', 'acknowledged', 'kept']);
    expect((await listed()).map((shown) => shown.code)).toEqual([before.code]);
  });

  it('without Keep session, a restart of Tandem does not go on asking for help', async () => {
    await setUp();
    const erika = await computer();
    const { code } = await erika.getHelp();
    await erika.restart();
    await expect.poll(() => actions(code), { timeout: 5_000 }).toEqual(['acknowledged', 'opened', 'ended']);
    // Once registered again (signaling online), nothing was reopened.
    await expect
      .poll(async () => (await erika.invoke('signaling.status', {})).state, { timeout: 10_000 })
      .toBe('online');
    expect(await erika.invoke('getHelp.status', {})).toEqual({ state: 'idle' });
    expect(await listed()).toEqual([]);
  });

  it('IT can set and lock Keep session', async () => {
    await setUp();
    const erika = await computer({ managed: { keepHelpSession: true, enforced: ['keepHelpSession'] } });
    expect(await erika.invoke('getHelp.keepSession', {})).toEqual({ on: true, lockedByIt: true });
    await expect(erika.invoke('settings.update', { keepHelpSession: false })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('the help session lives as long as the company set: the end user’s core gets that expiry', async () => {
    await setUp();
    const changed = await parties.call('PUT', '/api/v1/admin/liveview/settings', { lifetimeMinutes: 15 }, acme.admin);
    expect(changed.body).toMatchObject({ lifetimeMinutes: 15 });
    const erika = await computer();
    const opened = await erika.getHelp();
    expect(Date.parse(opened.expiresAt) - Date.parse(opened.openedAt)).toBe(15 * 60_000);
    expect((await listed()).map((shown) => [shown.code, shown.expiresAt])).toEqual([[opened.code, opened.expiresAt]]);
  });

  it('a minute before the ID expires the end user is told; at expiry a new ID follows', async () => {
    // A company whose help sessions live 3 s: less than a minute is left from the start.
    await setUp({ lifetimeMs: 3_000 });
    const erika = await computer();
    const warned = erika.next('getHelp.changed', (state) => state.state === 'open' && state.endingSoon);
    const first = await erika.getHelp();
    expect((await warned) as Open).toMatchObject({ code: first.code, endingSoon: true });
    const next = (await erika.next(
      'getHelp.changed',
      (state) => state.state === 'open' && state.renewed === 'expired',
    )) as Open;
    expect(next.code).not.toBe(first.code);
    expect(await actions(first.code)).toEqual(['acknowledged', 'opened', 'expired']);
    expect((await listed()).map((shown) => shown.code)).toEqual([next.code]);
  });

  it('a computer removed from its company while asking is told why, and stops asking', async () => {
    await setUp();
    const erika = await computer();
    await erika.getHelp();
    const { deviceId } = await erika.invoke('device.identity', {});
    const removed = await parties.call('DELETE', `/api/v1/admin/devices/${deviceId}`, undefined, acme.admin);
    expect(removed.status).toBe(204);
    const told = erika.next('getHelp.changed', (state) => state.state === 'error');
    await erika.invoke('getHelp.activity', { focused: false, lastInputAt: null });
    expect(await told).toMatchObject({ state: 'error', code: 'help_needs_company' });
    expect(await erika.invoke('getHelp.status', {})).toMatchObject({ state: 'error', code: 'help_needs_company' });
  });

  it('a computer of no company is told clearly why it cannot ask for help', async () => {
    await setUp();
    const loner = await computer({ company: false });
    await expect
      .poll(async () => (await loner.invoke('signaling.status', {})).state, { timeout: 10_000 })
      .toBe('online');
    const state = await loner.invoke('getHelp.start', {
      acknowledgement: { textVersion: GET_HELP_ACK_TEXT_VERSION, acknowledgedAt: new Date().toISOString() },
    });
    expect(state).toMatchObject({ state: 'error', code: 'help_needs_company' });
    expect(errorsEn.help_needs_company).toContain('must belong to your company');
    expect(await listed()).toEqual([]);
  });
});

/**
 * A loopback TCP proxy to the endpoint that passes everything through but holds the request that
 * starts with `held` until `release()`: a slow network at the moment the app closes.
 */
async function holdingProxy(endpointUrl: string, held: string) {
  const port = Number(new URL(endpointUrl).port);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const sockets = new Set<Socket>();
  const proxy = createTcpServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => (sockets.delete(socket), client.destroy(), upstream.destroy()));
    }
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (!chunk.toString('latin1').startsWith(held)) return void upstream.write(chunk);
      client.pause();
      arrive();
      void released.then(() => (upstream.write(chunk), client.resume()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`,
    arrived,
    release,
    close: async () => {
      release();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
