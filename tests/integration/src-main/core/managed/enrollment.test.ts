import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import type { Channel, Request, Response } from '../../../../../src-shared/ipc/contract';
import { managedConfigSchema } from '../../../../../src-shared/domain/managedConfig';
import { TandemError } from '../../../../../src-shared/errors';
import { apiCaller } from '../../../../support/apiCall';
import { recordingInjector } from '../../../../support/corePair';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';
import { setupTokenOf } from '../../../../support/setupToken';

/** A port nothing listens on (yet). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('enrolment (DP-2): a device started with IT’s token joins the company and says what happened', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  let server: RunningServer;
  const cores: BootedCore[] = [];
  const call = apiCaller(() => server.url);
  afterEach(async () => {
    for (const booted of cores.splice(0)) await booted.shutdown();
    await server.close();
    for (const dir of dirs.splice(0)) dir.cleanup();
  });

  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };
  const boot = async (enrollmentToken: string, cloudUrl = server.url) => {
    const { log, lines } = memoryLogger();
    const booted = await bootCore({
      dataDir: dir(),
      runtime: 'browser',
      version: '0.0.0-test',
      log,
      cloudUrl,
      injector: recordingInjector(),
      managed: managedConfigSchema.parse({ enrollmentToken }),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
    cores.push(booted);
    const invoke = async <C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> => {
      const result = await booted.core.dispatch(channel, request);
      if (!result.ok) throw TandemError.fromShape(result.error);
      return result.value as Response<C>;
    };
    const { deviceId } = await invoke('device.identity', {});
    return { deviceId, lines, invoke, enrollment: async () => (await invoke('company.membership', {})).enrollment };
  };
  const membership = (deviceId: string) =>
    server.data.query
      .selectFrom('devices')
      .select(['company_id as companyId', 'managed'])
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
  const setUp = async (dataDir = dir()) => {
    server = await startServer({ dataDir, logger: false });
    const { companyId } = (
      await call('POST', '/api/v1/setup', {
        company: 'Acme',
        name: 'Ada Admin',
        email: 'ada@acme.test',
        password: 'correct horse battery',
        setupToken: setupTokenOf(server),
      })
    ).body as { companyId: string };
    const admin = (
      await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'correct horse battery' })
    ).body!.token as string;
    const token = async (body: Record<string, unknown>) =>
      (await call('POST', '/api/v1/admin/enrollment-tokens', body, admin)).body as { id: string; token: string };
    return { companyId, admin, token, dataDir };
  };

  it('joins as a managed device and tells the user which company; it cannot leave on its own', async () => {
    const { companyId, admin, token } = await setUp();
    const valid = await token({ name: 'Office PCs' });
    const enrolled = await boot(valid.token);
    await expect.poll(enrolled.enrollment, { timeout: 10_000 }).toEqual({ state: 'enrolled', companyName: 'Acme' });
    expect(await membership(enrolled.deviceId)).toEqual({ companyId, managed: 1 });
    expect(await enrolled.invoke('company.membership', {})).toMatchObject({
      companyName: 'Acme',
      managed: true,
      joinedVia: 'Office PCs',
    });
    expect((await call('GET', '/api/v1/admin/enrollment-tokens', undefined, admin)).body!.tokens).toEqual([
      expect.objectContaining({ name: 'Office PCs', uses: 1 }),
    ]);
    await expect(enrolled.invoke('company.leave', {})).rejects.toMatchObject({ code: 'managed_device' });
    expect(await membership(enrolled.deviceId)).toEqual({ companyId, managed: 1 });
  });

  it('a revoked, used-up or unknown token changes nothing and the user reads precisely why', async () => {
    const { admin, token } = await setUp();
    const revoked = await token({ name: 'Old' });
    expect((await call('DELETE', `/api/v1/admin/enrollment-tokens/${revoked.id}`, undefined, admin)).status).toBe(204);
    const single = await token({ name: 'One PC', maxUses: 1 });
    const first = await boot(single.token);
    await expect.poll(first.enrollment, { timeout: 10_000 }).toMatchObject({ state: 'enrolled' });

    for (const [presented, code] of [
      [revoked.token, 'enrollment_token_revoked'],
      [single.token, 'enrollment_token_used_up'],
      ['enrol_not-a-token-of-this-endpoint', 'enrollment_token_unknown'],
    ] as const) {
      const refused = await boot(presented);
      await expect.poll(refused.enrollment, { timeout: 10_000 }).toMatchObject({ state: 'failed', code });
      expect(refused.lines().join('\n')).toContain('enrolment with the managed configuration’s token failed');
      expect(refused.lines().join('\n')).not.toContain(presented);
      expect(await membership(refused.deviceId)).toEqual({ companyId: null, managed: 0 });
      expect(await refused.invoke('company.membership', {})).toMatchObject({ companyId: null, managed: false });
    }
  });

  it('says the endpoint is unreachable, and enrols once it is back', async () => {
    const { token, dataDir } = await setUp();
    const valid = await token({ name: 'Office PCs' });
    const port = await freePort();
    await server.close();
    const waiting = await boot(valid.token, `http://127.0.0.1:${port}`);
    await expect
      .poll(waiting.enrollment, { timeout: 10_000 })
      .toMatchObject({ state: 'failed', code: 'cloud_unreachable' });

    server = await startServer({ dataDir, logger: false, port });
    await expect.poll(waiting.enrollment, { timeout: 20_000 }).toEqual({ state: 'enrolled', companyName: 'Acme' });
    expect(await membership(waiting.deviceId)).toMatchObject({ managed: 1 });
  });

  it('a signed-in user adds the computer to their company; it may leave again; without a token nothing is said', async () => {
    const { companyId } = await setUp();
    const { log } = memoryLogger();
    const booted = await bootCore({
      dataDir: dir(),
      runtime: 'browser',
      version: '0.0.0-test',
      log,
      cloudUrl: server.url,
      injector: recordingInjector(),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
    cores.push(booted);
    const invoke = async <C extends Channel>(channel: C, request: Request<C>) => {
      const result = await booted.core.dispatch(channel, request);
      if (!result.ok) throw TandemError.fromShape(result.error);
      return result.value as Response<C>;
    };
    const { deviceId } = await invoke('device.identity', {});
    expect(await invoke('company.membership', {})).toMatchObject({
      companyId: null,
      enrollment: { state: 'not_configured' },
    });
    await expect(invoke('company.join', {})).rejects.toMatchObject({ code: 'signed_out' });

    await invoke('account.signIn', { email: 'ada@acme.test', password: 'correct horse battery' });
    const changed = new Promise((resolve) =>
      booted.core.events.subscribe((name, payload) => name === 'company.changed' && resolve(payload)),
    );
    expect(await invoke('company.join', {})).toMatchObject({
      companyName: 'Acme',
      managed: false,
      joinedVia: 'ada@acme.test',
    });
    expect(await changed).toMatchObject({ companyName: 'Acme' });
    expect(await membership(deviceId)).toEqual({ companyId, managed: 0 });
    expect(await invoke('company.leave', {})).toMatchObject({ companyId: null });
    expect(await membership(deviceId)).toEqual({ companyId: null, managed: 0 });
  });
});
