import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { AUDIT_GENESIS_HASH, canonicalJson } from '../../../../src-shared/consent/canonicalJson';
import { NO_COMPANY_SUPPORTER, decideLogging, type HostFacts } from '../../../../src-shared/consent/decision';
import { DEVICE_AUTH_MAX_SKEW_MS } from '../../../../src-shared/signaling/deviceAuth';
import { deviceRequestHeaders, endpointInstanceId } from '../../../support/deviceRequest';
import { tempDir } from '../../../support/tempDir';

const DEVICE_ID = '444555666';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');

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

/** The first entry of a consent audit chain, with the answer the user gave. */
function firstAuditEntry(answer: 'pending' | 'allowed') {
  const body = {
    requestId: '00000000-0000-4000-8000-000000000001',
    at: '2026-11-21T12:00:00.000Z',
    deviceId: DEVICE_ID,
    supporter: NO_COMPANY_SUPPORTER,
    host,
    answer,
    decision: decideLogging(NO_COMPANY_SUPPORTER, host, answer),
    policyVersion: null,
  };
  const hash = createHash('sha256').update(AUDIT_GENESIS_HASH).update(canonicalJson(body)).digest('hex');
  return { ...body, seq: 1, prevHash: AUDIT_GENESIS_HASH, hash };
}

async function register(url: string) {
  const response = await fetch(`${url}/api/v1/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      deviceId: DEVICE_ID,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: 'pc',
    }),
  });
  expect(response.status).toBe(200);
}

/** What an attacker on the path (a proxy's log, a compromised relay) can capture: the request itself. */
interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
const send = async (url: string, request: Captured) => {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('device request signatures (attacks on the Tandem-Device header)', () => {
  let dirs: ReturnType<typeof tempDir>[];
  let endpoint: RunningServer;
  let audience: string;

  beforeEach(async () => {
    dirs = [tempDir()];
    endpoint = await startServer({ dataDir: dirs[0]!.path, logger: false });
    await register(endpoint.url);
    audience = await endpointInstanceId(endpoint.url);
  });
  afterEach(async () => {
    await endpoint.close();
    for (const dir of dirs) dir.cleanup();
  });

  const facts = (overrides: { timestamp?: number; audience?: string } = {}): Captured => ({
    method: 'GET',
    path: '/api/v1/devices/me/facts',
    headers: deviceRequestHeaders(DEVICE_ID, privateKey, {
      method: 'GET',
      path: '/api/v1/devices/me/facts',
      audience,
      ...overrides,
    }),
  });

  it('a captured request replayed is refused, also after the endpoint restarts', async () => {
    const captured = facts();
    expect((await send(endpoint.url, captured)).status).toBe(200);
    expect(await send(endpoint.url, captured)).toEqual({
      status: 401,
      body: { error: { code: 'replayed_request', message: expect.stringContaining('already received once') } },
    });

    // The nonces are kept in the database, not in the process.
    await endpoint.close();
    endpoint = await startServer({ dataDir: dirs[0]!.path, logger: false });
    expect((await send(endpoint.url, captured)).body).toMatchObject({ error: { code: 'replayed_request' } });
    // A fresh signature still works: the device is not locked out.
    expect((await send(endpoint.url, facts())).status).toBe(200);
  });

  it('the same signature with another body is refused', async () => {
    const path = '/api/v1/devices/me/consent-audit';
    const honest = JSON.stringify({ entries: [firstAuditEntry('pending')] });
    const headers = deviceRequestHeaders(DEVICE_ID, privateKey, { method: 'POST', path, audience, body: honest });
    // The attacker swaps in a forged trail that says the user allowed the session.
    const forged = JSON.stringify({ entries: [firstAuditEntry('allowed')] });
    expect(await send(endpoint.url, { method: 'POST', path, headers, body: forged })).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: expect.stringContaining('does not match this request') } },
    });
    // Whitespace is a different body too: the signature covers the bytes.
    expect((await send(endpoint.url, { method: 'POST', path, headers, body: `${honest} ` })).status).toBe(401);
    // The honest request, as signed, is accepted (once).
    expect(await send(endpoint.url, { method: 'POST', path, headers, body: honest })).toMatchObject({
      status: 200,
      body: { stored: 1 },
    });
  });

  it('a signature made for another endpoint is refused', async () => {
    dirs.push(tempDir());
    const other = await startServer({ dataDir: dirs[1]!.path, logger: false });
    try {
      // The same device key is registered at both endpoints (say, the company's and a test one).
      await register(other.url);
      const forOther = facts({ audience: await endpointInstanceId(other.url) });
      expect(await send(endpoint.url, forOther)).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthorized' } },
      });
      expect((await send(other.url, forOther)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('a stale (or future) signature is refused with a clear reason', async () => {
    for (const offset of [-(DEVICE_AUTH_MAX_SKEW_MS + 1000), DEVICE_AUTH_MAX_SKEW_MS + 1000]) {
      expect(await send(endpoint.url, facts({ timestamp: Date.now() + offset }))).toEqual({
        status: 401,
        body: {
          error: { code: 'device_clock_skew', message: expect.stringContaining('signatures are accepted for 60 s') },
        },
      });
    }
    // Within the window it is accepted.
    expect((await send(endpoint.url, facts({ timestamp: Date.now() - 30_000 }))).status).toBe(200);
  });

  it('an old-style header (no nonce, no body hash) is refused with what is expected', async () => {
    const old = facts();
    const [deviceId, at, , signature] = old.headers['tandem-device']!.split('.');
    expect(
      await send(endpoint.url, { ...old, headers: { 'tandem-device': `${deviceId}.${at}.${signature}` } }),
    ).toMatchObject({
      status: 401,
      body: {
        error: { code: 'unauthorized', message: expect.stringContaining('<device ID>.<unix ms>.<nonce>.<signature>') },
      },
    });
  });
});
