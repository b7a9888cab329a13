import {
  addCreditsCommand,
  createCompanyCommand,
  listCompaniesCommand,
  setPlanCommand,
  setRolloutCommand,
} from '../../support/operatorCommands';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type RunningServer } from '../../../server/app';
import { databaseEnv, startServer } from '../../support/testServer';
import { updateInfoSchema } from '../../../src-shared/domain/updates';
import { apiCaller } from '../../support/apiCall';
import { tempDir } from '../../support/tempDir';

const run = promisify(execFile);

/**
 * Item 5 as an attacker tries it: an administrator of one company changes what every company on
 * the endpoint gets (the staged rollout of updates) or grants their company credits and a bigger
 * plan. Those are the operator's decisions, made with the operator's command line on the server.
 */
describe('the staged rollout, credits and plans are the operator’s, not a tenant’s', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  const cloudDir = () => join(dir.path, 'cloud');
  const company = async (name: string, email: string) => {
    const password = `${name} passphrase`;
    const { companyId } = await createCompanyCommand(
      ['--data-dir', cloudDir(), '--company', name, '--admin-name', 'Admin', '--admin-email', email],
      { TANDEM_ADMIN_PASSWORD: password },
    );
    const admin = (await call('POST', '/api/v1/auth/sign-in', { email, password })).body!.token as string;
    return { companyId, admin };
  };
  const stagingPercentage = async () =>
    updateInfoSchema.parse(parse(await (await fetch(`${server.url}/api/v1/updates/stable/latest.yml`)).text()))
      .stagingPercentage;
  const credits = async (admin: string) => (await call('GET', '/api/v1/credits', undefined, admin)).body;

  beforeEach(async () => {
    dir = tempDir();
    const updates = join(dir.path, 'updates');
    mkdirSync(join(updates, 'stable'), { recursive: true });
    writeFileSync(
      join(updates, 'stable', 'latest.yml'),
      stringify({
        version: '0.2.0',
        files: [{ url: 'Tandem-Setup-0.2.0.exe', sha512: 'c2hhNTEy', size: 1 }],
        path: 'Tandem-Setup-0.2.0.exe',
        sha512: 'c2hhNTEy',
        releaseDate: '2026-11-20T12:00:00.000Z',
      }),
    );
    server = await startServer({ dataDir: cloudDir(), logger: false, updatesDir: updates });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('a company administrator cannot set the rollout, buy credits or change the plan; the other company is untouched', async () => {
    const acme = await company('Acme', 'ada@acme.test');
    const globex = await company('Globex', 'gus@globex.test');
    const before = { acme: await credits(acme.admin), globex: await credits(globex.admin) };
    expect(before.globex).toMatchObject({ balance: 5, plan: 'business' });

    const attempts: [string, string, unknown][] = [
      ['PUT', '/api/v1/admin/updates/rollout', { channel: 'stable', percentage: 0 }],
      ['GET', '/api/v1/admin/updates/rollout', undefined],
      ['POST', '/api/v1/admin/credits/purchase', { amount: 100_000 }],
      ['PUT', '/api/v1/admin/credits/plan', { plan: 'tensor' }],
    ];
    for (const [method, path, body] of attempts) {
      const refused = await call(method, path, body, acme.admin);
      expect(refused.status, `${method} ${path}`).toBe(404);
      expect(refused.body).toMatchObject({ error: { code: 'not_found' } });
    }
    expect(await stagingPercentage()).toBe(100);
    expect(await credits(acme.admin)).toEqual(before.acme);
    expect(await credits(globex.admin)).toEqual(before.globex);
  });

  it('the operator’s command line sets the rollout for the endpoint and credits and plan for one company, while it runs', async () => {
    const acme = await company('Acme', 'ada@acme.test');
    const globex = await company('Globex', 'gus@globex.test');
    const dataDir = ['--data-dir', cloudDir()];

    expect(await setRolloutCommand(['--channel', 'stable', '--percentage', '25', ...dataDir], {})).toEqual({
      event: 'rollout-set',
      channel: 'stable',
      percentage: 25,
    });
    expect(await stagingPercentage()).toBe(25);

    expect(await addCreditsCommand(['--company', acme.companyId, '--amount', '10', ...dataDir], {})).toMatchObject({
      event: 'credits-added',
      balance: 15,
    });
    expect(await setPlanCommand(['--company', acme.companyId, '--plan', 'tensor', ...dataDir], {})).toEqual({
      event: 'plan-set',
      companyId: acme.companyId,
      plan: 'tensor',
    });
    expect(await credits(acme.admin)).toMatchObject({ balance: 15, plan: 'tensor' });
    expect(await credits(globex.admin)).toMatchObject({ balance: 5, plan: 'business' });
    expect(await listCompaniesCommand(dataDir, {})).toEqual([
      { event: 'company', id: acme.companyId, name: 'Acme', plan: 'tensor', balance: 15 },
      { event: 'company', id: globex.companyId, name: 'Globex', plan: 'business', balance: 5 },
    ]);

    // The same through `npm run server -- <command>`'s entry point, as the operator types it.
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['server/main.ts', 'add-credits', '--company', globex.companyId, '--amount', '3'],
      { env: { ...process.env, TANDEM_SERVER_DATA_DIR: cloudDir(), ...(await databaseEnv(cloudDir())) } },
    );
    expect(JSON.parse(stdout)).toMatchObject({ event: 'credits-added', companyId: globex.companyId, balance: 8 });
    expect(await credits(globex.admin)).toMatchObject({ balance: 8 });
  });

  it('says precisely what is wrong with a command', async () => {
    const dataDir = ['--data-dir', cloudDir()];
    await expect(setRolloutCommand(['--channel', 'nightly', '--percentage', '101', ...dataDir], {})).rejects.toThrow(
      /choose a channel \(--channel stable\|beta\)[\s\S]*at most 100[\s\S]*Usage: npm run server -- set-rollout/,
    );
    await expect(addCreditsCommand(['--company', 'no-such-company', '--amount', '5', ...dataDir], {})).rejects.toThrow(
      'No company with the ID no-such-company on this endpoint; list-companies shows them.',
    );
    await expect(addCreditsCommand(['--amount', '0', ...dataDir], {})).rejects.toThrow(
      /name the company[\s\S]*at least 1 credit/,
    );
    await expect(setPlanCommand(['--company', 'x', '--plan', 'free', ...dataDir], {})).rejects.toThrow(
      /choose a plan \(--plan business\|premium\|corporate\|tensor\)/,
    );
    await expect(setRolloutCommand(['--nonsense'], {})).rejects.toThrow(/Unknown option '--nonsense'[\s\S]*Usage:/);
    await expect(
      run('node_modules/.bin/tsx', ['server/main.ts', 'set-plan', '--company', 'x', '--plan', 'free', ...dataDir]),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('choose a plan') });
  });
});
