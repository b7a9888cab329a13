import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type RunningServer } from '../../../server/app';
import { startServer } from '../../support/testServer';
import { setRolloutCommand } from '../../support/operatorCommands';
import { signRelease, verifyRelease } from '../../../src-main/core/updates/updateSignature';
import { updateInfoSchema, type UpdateInfo } from '../../../src-shared/domain/updates';
import { apiCaller } from '../../support/apiCall';
import { tempDir } from '../../support/tempDir';
import { setupTokenOf } from '../../support/setupToken';

const installer = Buffer.from('MZ… pretend this is Tandem-Setup-0.2.0.exe');
const release: UpdateInfo = {
  version: '0.2.0',
  files: [
    {
      url: 'Tandem-Setup-0.2.0.exe',
      sha512: createHash('sha512').update(installer).digest('base64'),
      size: installer.length,
    },
  ],
  path: 'Tandem-Setup-0.2.0.exe',
  sha512: createHash('sha512').update(installer).digest('base64'),
  releaseDate: '2026-11-20T12:00:00.000Z',
  releaseNotes: 'Faster exports; Session Insights in Salesforce.',
};

describe('the update feed (DP-3)', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const keys = generateKeyPairSync('ed25519');
  const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const call = apiCaller(() => server.url);
  const feed = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  beforeEach(async () => {
    dir = tempDir();
    const updates = join(dir.path, 'updates');
    mkdirSync(join(updates, 'stable'), { recursive: true });
    mkdirSync(join(updates, 'beta'), { recursive: true });
    // What the release workflow publishes: the feed, signed with the release key, and the installer.
    writeFileSync(
      join(updates, 'stable', 'latest.yml'),
      stringify({ ...release, tandemSignature: signRelease(release, keys.privateKey) }),
    );
    writeFileSync(join(updates, 'stable', 'Tandem-Setup-0.2.0.exe'), installer);
    writeFileSync(join(updates, 'beta', 'latest-mac.yml'), stringify({ version: 'not a version', files: [] }));
    writeFileSync(join(dir.path, 'secret.txt'), 'not for download');
    server = await startServer({ dataDir: join(dir.path, 'cloud'), logger: false, updatesDir: updates });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('serves a valid, signed feed and the installer; the rollout share is the operator’s to set', async () => {
    const served = await feed('/api/v1/updates/stable/latest.yml');
    expect(served).toMatchObject({ status: 200, type: 'text/yaml; charset=utf-8' });
    const info = updateInfoSchema.parse(parse(served.text));
    expect(info).toMatchObject({ version: '0.2.0', stagingPercentage: 100 });
    expect(verifyRelease(info, publicKey)).toBe(true);

    const download = await fetch(`${server.url}/api/v1/updates/stable/${info.path}`);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha512').update(bytes).digest('base64')).toBe(info.sha512);

    await call('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada',
      email: 'ada@acme.test',
      password: 'correct horse battery',
      setupToken: setupTokenOf(server),
    });
    const admin = (
      await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'correct horse battery' })
    ).body!.token as string;
    // One feed for every company on the endpoint: no company administrator sets its share.
    expect(
      (await call('PUT', '/api/v1/admin/updates/rollout', { channel: 'stable', percentage: 25 }, admin)).status,
    ).toBe(404);
    await expect(
      setRolloutCommand(['--data-dir', join(dir.path, 'cloud'), '--channel', 'stable', '--percentage', '250'], {}),
    ).rejects.toThrow(/at most 100/);
    await setRolloutCommand(['--data-dir', join(dir.path, 'cloud'), '--channel', 'stable', '--percentage', '25'], {});
    const staged = updateInfoSchema.parse(parse((await feed('/api/v1/updates/stable/latest.yml')).text));
    expect(staged.stagingPercentage).toBe(25);
    // The share is not part of the release: the signature still holds.
    expect(verifyRelease(staged, publicKey)).toBe(true);
  });

  it('the updater refuses a tampered, unsigned or foreign-signed release', async () => {
    const info = updateInfoSchema.parse(parse((await feed('/api/v1/updates/stable/latest.yml')).text));
    const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyRelease({ ...info, sha512: createHash('sha512').update('malware').digest('base64') }, publicKey)).toBe(
      false,
    );
    expect(verifyRelease({ ...info, version: '9.9.9' }, publicKey)).toBe(false);
    expect(
      verifyRelease({ ...info, files: [{ ...info.files[0]!, url: 'https://evil.example.com/Tandem.exe' }] }, publicKey),
    ).toBe(false);
    expect(verifyRelease({ ...info, tandemSignature: undefined }, publicKey)).toBe(false);
    expect(verifyRelease(info, otherKey)).toBe(false);
    expect(verifyRelease({ ...info, tandemSignature: 'bm90IGEgc2lnbmF0dXJl' }, publicKey)).toBe(false);
  });

  it('offers nothing from a broken feed, outside the channel folders, or without an updates folder', async () => {
    expect(await feed('/api/v1/updates/beta/latest-mac.yml')).toMatchObject({ status: 503 });
    expect((await feed('/api/v1/updates/stable/..%2F..%2Fsecret.txt')).status).toBe(400);
    expect((await feed('/api/v1/updates/nightly/latest.yml')).status).toBe(400);
    expect((await feed('/api/v1/updates/stable/latest-linux.yml')).status).toBe(404);
    const bare = await startServer({ dataDir: join(dir.path, 'bare'), logger: false });
    try {
      expect((await fetch(`${bare.url}/api/v1/updates/stable/latest.yml`)).status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
