import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import { apiCaller } from '../../../support/apiCall';
import { recordingServer, type RecordedRequest } from '../../../support/recordingServer';
import { setupTokenOf } from '../../../support/setupToken';
import { tempDir } from '../../../support/tempDir';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);
const naming = (ticket: string): SummaryChange => ({
  op: 'upsert',
  key: randomUUID(),
  id: randomUUID(),
  requestId: randomUUID(),
  baseVersion: 0,
  createdAt: '2026-11-21T10:00:00.000Z',
  fields: { ...fields, ticket },
});

/** ServiceNow's Table API and Salesforce's REST API, as far as the connectors use them. */
const thirdPartyApi = (request: RecordedRequest) => {
  const url = new URL(request.path, 'http://local');
  if (url.pathname === '/api/now/table/incident') return { status: 200, body: { result: [{ sys_id: 'a1b2c3' }] } };
  if (url.pathname === '/api/now/table/incident/a1b2c3') return { status: 200, body: { result: {} } };
  if (url.pathname.endsWith('/query')) return { status: 200, body: { records: [{ Id: '500XX0000001' }] } };
  if (url.pathname.endsWith('/sobjects/CaseComment')) return { status: 201, body: { id: '00a1' } };
  return { status: 404, body: {} };
};

describe('a connector’s stored secret goes only to the instance it was entered for', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let vendor: Awaited<ReturnType<typeof recordingServer>>;
  let attacker: Awaited<ReturnType<typeof recordingServer>>;
  let admin: string;
  const call = apiCaller(() => server.url);

  beforeEach(async () => {
    dir = tempDir();
    // The vendor and the attacker both listen on loopback here.
    server = await startServer({
      dataDir: dir.path,
      logger: false,
      deliveryPeriodMs: 3_600_000,
      allowPrivateIntegrations: true,
    });
    vendor = await recordingServer(thirdPartyApi);
    attacker = await recordingServer(thirdPartyApi);
    await call('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada Admin',
      email: 'ada@acme.test',
      password: 'correct horse battery',
      setupToken: setupTokenOf(server),
    });
    admin = (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'correct horse battery' }))
      .body!.token as string;
  });
  afterEach(async () => {
    await server.close();
    await vendor.close();
    await attacker.close();
    dir.cleanup();
  });

  it('re-pointing ServiceNow or Salesforce at another host without the secret is refused, and the secret never arrives there', async () => {
    const snPassword = `sn-${randomUUID()}`;
    const sfToken = `sf-${randomUUID()}`;
    expect(
      (
        await call(
          'PUT',
          '/api/v1/admin/connectors/servicenow',
          { enabled: true, instanceUrl: vendor.url, username: 'tandem', password: snPassword },
          admin,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          'PUT',
          '/api/v1/admin/connectors/salesforce',
          { enabled: true, instanceUrl: vendor.url, accessToken: sfToken },
          admin,
        )
      ).status,
    ).toBe(200);
    // Saving again for the same instance (a trailing slash aside) keeps the stored secret.
    expect(
      (
        await call(
          'PUT',
          '/api/v1/admin/connectors/servicenow',
          { enabled: true, instanceUrl: `${vendor.url}/`, username: 'tandem' },
          admin,
        )
      ).status,
    ).toBe(200);

    // The attack: keep the stored secret, change where it is sent (another host, or another path).
    for (const elsewhere of [attacker.url, `${vendor.url}/relay`]) {
      for (const [kind, body] of [
        ['servicenow', { enabled: true, instanceUrl: elsewhere, username: 'tandem' }],
        ['salesforce', { enabled: true, instanceUrl: elsewhere }],
      ] as const) {
        const refused = await call('PUT', `/api/v1/admin/connectors/${kind}`, body, admin);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({
          error: {
            code: 'connector_secret_required',
            message: expect.stringContaining(`again (the stored one is kept only for ${vendor.url}`),
          },
        });
      }
    }
    const connectors = (await call('GET', '/api/v1/admin/connectors', undefined, admin)).body!.connectors;
    expect(connectors).toEqual([
      expect.objectContaining({ kind: 'servicenow', instanceUrl: `${vendor.url}/`, secretSet: true }),
      expect.objectContaining({ kind: 'salesforce', instanceUrl: vendor.url, secretSet: true }),
    ]);

    // Deliveries still go to the vendor with the vendor's secret…
    await call('POST', '/api/v1/summaries/push', { changes: [naming('INC0010001')] }, admin);
    expect(await server.deliveries.runDue()).toBe(2);
    expect(vendor.received.find((request) => request.method === 'PATCH')?.headers.authorization).toBe(
      `Basic ${Buffer.from(`tandem:${snPassword}`).toString('base64')}`,
    );
    expect(vendor.received.find((request) => request.path.endsWith('/CaseComment'))?.headers.authorization).toBe(
      `Bearer ${sfToken}`,
    );

    // …and once the attacker supplies a secret of their own, that is all their host ever sees.
    await call(
      'PUT',
      '/api/v1/admin/connectors/servicenow',
      { enabled: true, instanceUrl: attacker.url, username: 'tandem', password: 'attacker-typed' },
      admin,
    );
    await call(
      'PUT',
      '/api/v1/admin/connectors/salesforce',
      { enabled: true, instanceUrl: attacker.url, accessToken: 'attacker-typed' },
      admin,
    );
    await call('POST', '/api/v1/summaries/push', { changes: [naming('INC0010002')] }, admin);
    expect(await server.deliveries.runDue()).toBe(2);
    expect(attacker.received.map((request) => request.method).sort()).toEqual(['GET', 'GET', 'PATCH', 'POST']);
    expect(attacker.everything()).not.toContain(snPassword);
    expect(attacker.everything()).not.toContain(Buffer.from(`tandem:${snPassword}`).toString('base64'));
    expect(attacker.everything()).not.toContain(sfToken);
  });
});
