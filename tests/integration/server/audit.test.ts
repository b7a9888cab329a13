import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../server/app';
import { startServer } from '../../support/testServer';
import { AUDIT_GENESIS_HASH, canonicalJson } from '../../../src-shared/consent/canonicalJson';
import { NO_COMPANY_SUPPORTER, decideLogging, type HostFacts } from '../../../src-shared/consent/decision';
import { deviceCaller } from '../../support/deviceRequest';
import { tempDir } from '../../support/tempDir';

const host: HostFacts = {
  companyId: null,
  aiActivated: false,
  incoming: { enabled: false, scope: 'all_company_devices' },
  deviceOfCompany: false,
  managed: false,
  policy: null,
  quickSupportModule: null,
  accessControl: 'after_confirmation',
};

function chain(count: number) {
  let prevHash = AUDIT_GENESIS_HASH;
  return Array.from({ length: count }, (_, index) => {
    const body = {
      requestId: `00000000-0000-4000-8000-00000000000${index}`,
      at: new Date(Date.UTC(2026, 10, 21, 12, index)).toISOString(),
      deviceId: '444555666',
      supporter: NO_COMPANY_SUPPORTER,
      host,
      answer: 'pending' as const,
      decision: decideLogging(NO_COMPANY_SUPPORTER, host, 'pending'),
      policyVersion: null,
    };
    const hash = createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
    const entry = { ...body, seq: index + 1, prevHash, hash };
    prevHash = hash;
    return entry;
  });
}

describe('consent audit trails on the cloud endpoint', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const asDevice = deviceCaller(() => server.url, '444555666', privateKey);
  const handIn = async (entries: unknown[]) =>
    (await asDevice('POST', '/api/v1/devices/me/consent-audit', { entries })) as {
      status: number;
      body: Record<string, unknown>;
    };

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    await fetch(`${server.url}/api/v1/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: '444555666',
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
        platform: 'linux',
        name: 'pc',
      }),
    });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('accepts a chain in order, again idempotently, and refuses gaps, edits and forks', async () => {
    const entries = chain(3);
    expect(await handIn(entries.slice(0, 2))).toMatchObject({ status: 200, body: { stored: 2, lastSeq: 2 } });
    expect(await handIn(entries)).toMatchObject({ status: 200, body: { stored: 1, lastSeq: 3 } });
    const next = chain(5);
    expect((await handIn([next[4]])).body).toMatchObject({ error: { code: 'audit_gap' } });
    const edited = { ...chain(4)[3]!, answer: 'allowed' };
    expect((await handIn([edited])).body).toMatchObject({ error: { code: 'audit_broken' } });
    const fork = { ...entries[2]!, hash: 'f'.repeat(64) };
    expect((await handIn([fork])).body).toMatchObject({ error: { code: 'audit_broken' } });
  });
});
