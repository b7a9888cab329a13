import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setupTokenPath } from '../../../../server/accounts/setupToken';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { readServerConfig } from '../../../../server/config';
import { apiCaller } from '../../../support/apiCall';
import { setupTokenOf } from '../../../support/setupToken';
import { tempDir } from '../../../support/tempDir';

const company = { company: 'Acme', name: 'Ada', email: 'ada@acme.test', password: 'correct horse battery' };

describe('a fresh endpoint is set up only with its one-time setup token', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('whoever reaches a fresh endpoint first cannot make themselves its administrator', async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const file = setupTokenPath(dir.path);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const attacker = { ...company, email: 'mallory@evil.test' };
    expect((await call('POST', '/api/v1/setup', attacker)).status).toBe(400);
    expect(await call('POST', '/api/v1/setup', { ...attacker, setupToken: 'a-guess-at-the-token-000' })).toMatchObject({
      status: 403,
      body: { error: { code: 'invalid_setup_token' } },
    });
    expect(
      (await call('POST', '/api/v1/auth/sign-in', { email: attacker.email, password: attacker.password })).status,
    ).toBe(401);

    const token = setupTokenOf(server);
    expect((await call('POST', '/api/v1/setup', { ...company, setupToken: token })).status).toBe(201);
    expect(existsSync(file)).toBe(false);
    expect((await call('POST', '/api/v1/setup', { ...attacker, setupToken: token })).status).toBe(409);
  });

  it('keeps the token over a restart before the set-up, and takes the operator’s own instead of writing one', async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const first = setupTokenOf(server);
    await server.close();
    server = await startServer({ dataDir: dir.path, logger: false });
    expect(setupTokenOf(server)).toBe(first);
    await server.close();

    const given = 'the operator chose this token';
    server = await startServer({ dataDir: `${dir.path}/given`, logger: false, setupToken: given });
    expect(existsSync(setupTokenPath(`${dir.path}/given`))).toBe(false);
    expect((await call('POST', '/api/v1/setup', { ...company, setupToken: first })).status).toBe(403);
    expect((await call('POST', '/api/v1/setup', { ...company, setupToken: given })).status).toBe(201);
  });

  it('reads the operator’s token from --setup-token or TANDEM_SETUP_TOKEN', () => {
    expect(readServerConfig(['--setup-token', 'sixteen or more chars'], {}).setupToken).toBe('sixteen or more chars');
    expect(readServerConfig([], { TANDEM_SETUP_TOKEN: 'from the environment' }).setupToken).toBe(
      'from the environment',
    );
    expect(() => readServerConfig(['--setup-token', 'short'], {})).toThrow(/at least 16 characters/);
  });
  it('two instances on one database, set up at the same moment with the token: one company, not two', async () => {
    dir = tempDir();
    const token = 'an operator-given setup token';
    server = await startServer({ dataDir: dir.path, logger: false, setupToken: token });
    const other = await startServer({ dataDir: dir.path, logger: false, setupToken: token });
    try {
      const [first, second] = await Promise.all(
        [server, other].map((instance, i) =>
          apiCaller(() => instance.url)('POST', '/api/v1/setup', {
            ...company,
            company: `Acme ${i}`,
            email: `ada${i}@acme.test`,
            setupToken: token,
          }),
        ),
      );
      expect([first!.status, second!.status].sort()).toEqual([201, 409]);
      expect([first, second].find((answer) => answer!.status === 409)!.body).toMatchObject({
        error: { code: 'already_set_up' },
      });
      expect(await server.data.query.selectFrom('companies').select('name').execute()).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
