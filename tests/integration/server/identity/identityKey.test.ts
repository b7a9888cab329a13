import { createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { SERVER_DB_FILE } from '../../../../server/db/serverDatabase';
import { tempDir } from '../../../support/tempDir';

/** Everything on disk that holds the database's content. */
const databaseBytes = (dir: string) =>
  ['', '-wal', '-shm']
    .map((suffix) => join(dir, `${SERVER_DB_FILE}${suffix}`))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString('latin1'))
    .join('');

describe('the endpoint’s identity-statement key', () => {
  const dir = tempDir();
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => dir.cleanup());

  const publicKey = async () =>
    ((await (await fetch(`${server!.url}/api/v1/identity/key`)).json()) as { publicKey: string }).publicKey;

  it('is made once, kept sealed at rest, the same after a restart, and opens only with the endpoint’s secret key', async () => {
    const secretKey = randomBytes(32);
    server = await startServer({ dataDir: dir.path, logger: false, secretKey });
    const first = await publicKey();
    const row = await server.data.query.selectFrom('identity_key').select('private_key').executeTakeFirstOrThrow();
    expect(row.private_key.startsWith('tsb1:')).toBe(true);
    expect(() => createPrivateKey(row.private_key)).toThrow();
    expect(databaseBytes(dir.path)).not.toContain('PRIVATE KEY');
    await server.close();

    server = await startServer({ dataDir: dir.path, logger: false, secretKey });
    expect(await publicKey()).toBe(first);
    await server.close();
    server = undefined;

    await expect(startServer({ dataDir: dir.path, logger: false, secretKey: randomBytes(32) })).rejects.toThrow();
  });
});
