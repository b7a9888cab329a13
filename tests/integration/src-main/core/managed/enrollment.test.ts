import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../../server/app';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import { managedConfigSchema } from '../../../../../src-shared/domain/managedConfig';
import { apiCaller } from '../../../../support/apiCall';
import { recordingInjector } from '../../../../support/corePair';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';
import { setupTokenOf } from '../../../../support/setupToken';

describe('enrolment (DP-2): a device started with IT’s token joins the company without anyone signing in', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  let server: RunningServer;
  const cores: BootedCore[] = [];
  const call = apiCaller(() => server.url);
  afterEach(async () => {
    for (const booted of cores.splice(0)) await booted.shutdown();
    await server.close();
    for (const dir of dirs.splice(0)) dir.cleanup();
  });

  const boot = async (enrollmentToken: string) => {
    const dir = tempDir();
    dirs.push(dir);
    const { log, lines } = memoryLogger();
    const booted = await bootCore({
      dataDir: dir.path,
      runtime: 'browser',
      version: '0.0.0-test',
      log,
      cloudUrl: server.url,
      injector: recordingInjector(),
      managed: managedConfigSchema.parse({ enrollmentToken }),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
    cores.push(booted);
    const identity = await booted.core.dispatch('device.identity', {});
    if (!identity.ok) throw new Error('no identity');
    return { deviceId: (identity.value as { deviceId: string }).deviceId, lines };
  };
  const membership = (deviceId: string) =>
    server.db.prepare('SELECT company_id AS companyId, managed FROM devices WHERE device_id = ?').get(deviceId);

  it('joins as a managed device with a valid token; a revoked or unknown one changes nothing and says why', async () => {
    const root = tempDir();
    dirs.push(root);
    server = await startServer({ dataDir: root.path, logger: false });
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
    const valid = (await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office PCs' }, admin)).body!;
    const revoked = (await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Old' }, admin)).body!;
    expect(valid.token).toMatch(/^enrol_/);
    expect((await call('DELETE', `/api/v1/admin/enrollment-tokens/${revoked.id}`, undefined, admin)).status).toBe(204);

    const enrolled = await boot(valid.token as string);
    await expect.poll(() => membership(enrolled.deviceId), { timeout: 10_000 }).toEqual({ companyId, managed: 1 });
    expect((await call('GET', '/api/v1/admin/enrollment-tokens', undefined, admin)).body!.tokens).toEqual([
      expect.objectContaining({ name: 'Office PCs', uses: 1 }),
    ]);

    const refused = await boot(revoked.token as string);
    await expect
      .poll(
        () => refused.lines().some((line) => line.includes('enrolment with the managed configuration’s token failed')),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
    expect(refused.lines().join('\n')).toContain('This enrolment token is unknown, revoked or expired.');
    expect(refused.lines().join('\n')).not.toContain(revoked.token as string);
    expect(membership(refused.deviceId)).toEqual({ companyId: null, managed: 0 });
  });
});
