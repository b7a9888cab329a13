import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import type { CloudStatus } from '../../../../../src-shared/domain/cloud';
import type { Envelope } from '../../../../../src-shared/ipc/envelope';
import { recordingServer } from '../../../../support/recordingServer';
import { setupTokenOf } from '../../../../support/setupToken';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';

const ADA = { company: 'Acme', name: 'Ada Admin', email: 'ada@acme.test', password: 'correct horse battery' };

/** AC-1 in the first hour: the account lives on the company's endpoint, which the user names in Settings. */
describe('choosing the company’s endpoint in Settings → Company account', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const companyEndpoint = async (): Promise<RunningServer> => {
    const dir = tempDir();
    const server = await startServer({ dataDir: dir.path, logger: false });
    cleanups.push(
      () => dir.cleanup(),
      () => server.close(),
    );
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ADA, setupToken: setupTokenOf(server) }),
    });
    expect(setup.status).toBe(201);
    return server;
  };

  const boot = async (dataDir: string, cloudUrl?: string): Promise<BootedCore> => {
    const booted = await bootCore({
      dataDir,
      runtime: 'browser',
      version: '0.0.0-test',
      log: memoryLogger().log,
      cloudUrl,
      startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: false }),
    });
    cleanups.push(() => booted.shutdown());
    return booted;
  };

  const call = async (booted: BootedCore, channel: string, payload: unknown): Promise<Envelope> =>
    booted.core.dispatch(channel, payload);
  const cloudChange = (booted: BootedCore, url: string) =>
    new Promise<CloudStatus>((resolve) => {
      const stop = booted.core.events.subscribe((event, payload) => {
        if (event === 'cloud.changed' && (payload as CloudStatus).url.startsWith(url)) {
          stop();
          resolve(payload as CloudStatus);
        }
      });
    });

  it('moves the app to the named endpoint, where the account signs in; remembered across restarts; back to the built-in one', async () => {
    const company = await companyEndpoint();
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    let booted = await boot(dir.path);
    const builtIn = booted.cloudUrl;

    // On the built-in endpoint the account does not exist.
    const refused = await call(booted, 'account.signIn', { email: ADA.email, password: ADA.password });
    expect(refused).toMatchObject({ ok: false, error: { code: 'wrong_credentials' } });

    // The window has told the core its WebRTC certificate, as it does once when it opens.
    const fingerprint = `sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}`;
    expect(await call(booted, 'session.registerEndpoint', { fingerprint })).toEqual({ ok: true, value: {} });

    const moved = cloudChange(booted, company.url);
    expect(await call(booted, 'account.setEndpoint', { url: company.url })).toEqual({ ok: true, value: {} });
    expect(await moved).toMatchObject({ url: company.url, embedded: false, fixed: false, state: 'reachable' });
    // The same window starts a session on the new endpoint without opening again.
    expect(
      await call(booted, 'session.connect', { partnerId: '123456789', password: 'abcdefgh', access: 'full' }),
    ).toMatchObject({ ok: true, value: { role: 'supporter', partner: { deviceId: '123456789' } } });
    expect(await call(booted, 'account.signIn', { email: ADA.email, password: ADA.password })).toMatchObject({
      ok: true,
      value: { signedIn: true, companyName: 'Acme' },
    });
    // The device registered there, saying which Tandem it runs (the administration lists it).
    await expect
      .poll(() => company.data.query.selectFrom('devices').select('app_version').execute())
      .toEqual([{ app_version: '0.0.0-test' }]);
    // The built-in endpoint is stopped once nobody uses it.
    await expect(fetch(`${builtIn}/healthz`)).rejects.toThrow();

    // A restart comes back on the chosen endpoint.
    await booted.shutdown();
    cleanups.pop();
    booted = await boot(dir.path);
    expect(booted.cloudUrl).toBe(company.url);
    expect(await call(booted, 'account.status', {})).toMatchObject({ ok: true, value: { signedIn: true } });

    // Back to the built-in endpoint: signed out (the session belonged to the company's endpoint).
    const signedOut = new Promise<unknown>((resolve) => {
      const stop = booted.core.events.subscribe((event, payload) => {
        if (event === 'account.changed') {
          stop();
          resolve(payload);
        }
      });
    });
    const back = cloudChange(booted, 'http://127.0.0.1:');
    expect(await call(booted, 'account.setEndpoint', { url: null })).toEqual({ ok: true, value: {} });
    expect(await signedOut).toEqual({ signedIn: false });
    expect(await back).toMatchObject({ embedded: true });
    expect(await call(booted, 'account.status', {})).toMatchObject({ ok: true, value: { signedIn: false } });
  });

  it('refuses an address that is not a Tandem endpoint, or where nothing answers, and stays where it was', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const booted = await boot(dir.path);
    const before = booted.cloudUrl;
    const stranger = await recordingServer(() => ({ status: 200, body: '<html>a router</html>' }));
    cleanups.push(() => stranger.close());
    expect(await call(booted, 'account.setEndpoint', { url: stranger.url })).toMatchObject({
      ok: false,
      error: { code: 'not_an_endpoint' },
    });
    const gone = await recordingServer();
    const goneUrl = gone.url;
    await gone.close();
    expect(await call(booted, 'account.setEndpoint', { url: goneUrl })).toMatchObject({
      ok: false,
      error: { code: 'cloud_unreachable' },
    });
    expect(await call(booted, 'account.setEndpoint', { url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(booted.cloudUrl).toBe(before);
    expect(await call(booted, 'cloud.status', { refresh: true })).toMatchObject({ ok: true, value: { url: before } });
  });

  it('an endpoint IT set cannot be changed from Settings', async () => {
    const company = await companyEndpoint();
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const booted = await boot(dir.path, company.url);
    expect(await call(booted, 'cloud.status', { refresh: true })).toMatchObject({ ok: true, value: { fixed: true } });
    expect(await call(booted, 'account.setEndpoint', { url: null })).toMatchObject({
      ok: false,
      error: { code: 'endpoint_fixed' },
    });
  });
});
