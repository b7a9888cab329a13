import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { apiCaller } from '../../../support/apiCall';
import { deviceCaller } from '../../../support/deviceRequest';
import { recordingServer } from '../../../support/recordingServer';
import { setupTokenOf } from '../../../support/setupToken';
import { tempDir } from '../../../support/tempDir';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

describe('the endpoint’s log (at trace) carries no secret that passed through it', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof recordingServer>>;
  const lines: string[] = [];
  const log = () => lines.join('');

  beforeEach(async () => {
    dir = tempDir();
    receiver = await recordingServer(() => ({ status: 500, body: {} }));
    lines.length = 0;
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    server = await startServer({
      dataDir: dir.path,
      logger: { level: 'trace', destination },
      deliveryPeriodMs: 3_600_000,
      allowPrivateIntegrations: true,
    });
  });
  afterEach(async () => {
    await server.close();
    await receiver.close();
    dir.cleanup();
  });

  it('passwords, setup and session tokens, API tokens, TOTP, device signatures, webhook and connector secrets', async () => {
    const call = apiCaller(() => server.url);
    const secrets: string[] = [];
    const keep = <T extends string>(secret: T): T => {
      secrets.push(secret);
      return secret;
    };
    const password = keep(`pw-${randomUUID()}`);
    const setupToken = keep(setupTokenOf(server));
    expect(
      (
        await call('POST', '/api/v1/setup', {
          company: 'Acme',
          name: 'Ada',
          email: 'ada@acme.test',
          password,
          setupToken,
        })
      ).status,
    ).toBe(201);
    const session = keep(
      (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password })).body!.token as string,
    );

    // TOTP: the secret in an answer, a code in a later sign-in.
    const totpSecret = keep((await call('POST', '/api/v1/auth/totp', { password }, session)).body!.secret as string);
    const code = keep(new TOTP({ secret: Secret.fromBase32(totpSecret), period: 30, digits: 6 }).generate());
    expect((await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password, totp: code })).status).toBe(
      200,
    );

    // An API token, sent as a header and (wrongly, by some client) in the query string.
    const apiToken = keep(
      (await call('POST', '/api/v1/admin/api-tokens', { name: 'BI', permissions: ['insights.view'] }, session)).body!
        .token as string,
    );
    await fetch(`${server.url}/api/v1/summaries/${randomUUID()}?token=${apiToken}&access_token=${session}`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    // A wrong password, a wrong bearer token and a malformed body are logged as failures.
    const wrong = keep(`wrong-${randomUUID()}`);
    await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: wrong });
    await call('GET', '/api/v1/admin/webhooks', undefined, keep(`tdm_${randomUUID().replaceAll('-', '')}`));
    await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email":"ada@acme.test","password":"${keep(`broken-${randomUUID()}`)}"`,
    });

    // Connector secrets in bodies; a webhook secret in an answer; a webhook URL with credentials (refused).
    const snPassword = keep(`sn-${randomUUID()}`);
    const sfToken = keep(`sf-${randomUUID()}`);
    await call(
      'PUT',
      '/api/v1/admin/connectors/servicenow',
      { enabled: true, instanceUrl: receiver.url, username: 'tandem', password: snPassword },
      session,
    );
    await call(
      'PUT',
      '/api/v1/admin/connectors/salesforce',
      { enabled: true, instanceUrl: receiver.url, accessToken: sfToken },
      session,
    );
    const urlPassword = keep(`url-${randomUUID()}`);
    const credentialed = await call(
      'POST',
      '/api/v1/admin/webhooks',
      { url: `http://alice:${urlPassword}@127.0.0.1:${receiver.port}/hook`, events: ['summary.created'] },
      session,
    );
    expect(credentialed.body).toMatchObject({
      error: { issues: [{ path: 'url', message: expect.stringContaining('Leave the user name and password out') }] },
    });
    const plain = await call(
      'POST',
      '/api/v1/admin/webhooks',
      { url: `${receiver.url}/hook`, events: ['summary.created'] },
      session,
    );
    keep(plain.body!.secret as string);

    // A device request: its signature header.
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    await call('POST', '/api/v1/devices', {
      deviceId: '444555666',
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: 'pc',
    });
    const asDevice = deviceCaller(() => server.url, '444555666', privateKey);
    expect((await asDevice('GET', '/api/v1/devices/me/facts')).status).toBe(200);

    // Deliveries fail (the receiver answers 500) and say why.
    await call(
      'POST',
      '/api/v1/summaries/push',
      {
        changes: [
          {
            op: 'upsert',
            key: randomUUID(),
            id: randomUUID(),
            requestId: randomUUID(),
            baseVersion: 0,
            createdAt: '2026-11-21T10:00:00.000Z',
            fields: { ...fields, ticket: 'INC0010001' },
          },
        ],
      },
      session,
    );
    await server.deliveries.runDue();
    expect(receiver.received.length).toBeGreaterThan(0);

    // The last request's completion is logged once its answer is out: wait for it, then read.
    const last = `/api/v1/not-here?password=${keep(`q-${randomUUID()}`)}`;
    await fetch(`${server.url}${last}`);
    const completed = () => {
      const incoming = lines.find((line) => line.includes('"url":"/api/v1/not-here'));
      const reqId = incoming && (JSON.parse(incoming) as { reqId: string }).reqId;
      return lines.some((line) => line.includes(`"reqId":"${reqId}"`) && line.includes('request completed'));
    };
    await vi.waitFor(() => expect(completed()).toBe(true));
    expect(log()).toContain('delivery failed');
    expect(log()).toContain('"url":"/api/v1/auth/sign-in"');

    for (const secret of secrets) expect(log(), 'a secret reached the log').not.toContain(secret);
    // Nor the signature of the device request (the header value's last part).
    expect(log()).not.toMatch(/tandem-device/i);
  });
});
