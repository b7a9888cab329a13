import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../server/app';
import { startServer } from '../../support/testServer';
import { verifyWebhookSignature } from '../../../server/integrations/deliveryWorker';
import { refusedTarget } from '../../../server/integrations/targetGuard';
import { summarizeBuiltin, type SummaryInput } from '../../../src-main/core/insights/builtinSummarizer';
import { webhookPayloadSchema } from '../../../src-shared/domain/integrations';
import type { SummaryChange } from '../../../src-shared/domain/summarySync';
import { apiCaller } from '../../support/apiCall';
import { tempDir } from '../../support/tempDir';
import { setupTokenOf } from '../../support/setupToken';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);
const add = (ticket?: string): SummaryChange => ({
  op: 'upsert',
  key: randomUUID(),
  id: randomUUID(),
  requestId: randomUUID(),
  baseVersion: 0,
  createdAt: '2026-11-21T10:00:00.000Z',
  fields: { ...fields, ...(ticket ? { ticket } : {}) },
});

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * One local server speaking three protocols: a webhook receiver (scripted answers), ServiceNow's
 * Table API (incident INC0010001 exists) and Salesforce's REST API (case 00001026 exists).
 */
function thirdParties() {
  const received: Received[] = [];
  const webhookAnswers: number[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://local');
      received.push({ method: request.method!, path: url.pathname + url.search, headers: request.headers, body });
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (url.pathname === '/hook') return json(webhookAnswers.shift() ?? 200, {});
      if (url.pathname === '/api/now/table/incident' && request.method === 'GET') {
        const known = url.searchParams.get('sysparm_query') === 'number=INC0010001';
        return json(200, { result: known ? [{ sys_id: 'a1b2c3', number: 'INC0010001' }] : [] });
      }
      if (url.pathname === '/api/now/table/incident/a1b2c3' && request.method === 'PATCH')
        return json(200, { result: { sys_id: 'a1b2c3' } });
      if (url.pathname === '/services/data/v60.0/query') {
        const known = url.searchParams.get('q') === "SELECT Id FROM Case WHERE CaseNumber = '00001026' LIMIT 1";
        return json(200, { totalSize: known ? 1 : 0, done: true, records: known ? [{ Id: '500XX0000001' }] : [] });
      }
      if (url.pathname === '/services/data/v60.0/sobjects/CaseComment' && request.method === 'POST')
        return json(201, { id: '00aXX01', success: true, errors: [] });
      json(404, [{ errorCode: 'NOT_FOUND' }]);
    });
  });
  return { server, received, webhookAnswers };
}

describe('integrations (SI-12): webhooks, ServiceNow, Salesforce, API tokens', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let parties: ReturnType<typeof thirdParties>;
  let base: string;
  let admin: string;
  const call = apiCaller(() => server.url);

  beforeEach(async () => {
    dir = tempDir();
    // Deliveries run when the test says so (runDue), not on a timer.
    server = await startServer({
      dataDir: dir.path,
      logger: false,
      deliveryPeriodMs: 3_600_000,
      // The third parties of these tests listen on loopback.
      allowPrivateIntegrations: true,
    });
    parties = thirdParties();
    await new Promise<void>((resolve) => parties.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(parties.server.address() as { port: number }).port}`;
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
    parties.server.closeAllConnections();
    await new Promise((resolve) => parties.server.close(resolve));
    dir.cleanup();
  });

  it('signs webhook deliveries, retries failures with back-off, and logs every attempt', async () => {
    expect(
      (
        await call(
          'POST',
          '/api/v1/admin/webhooks',
          { url: 'ftp://example.test/hook', events: ['summary.created'] },
          admin,
        )
      ).status,
    ).toBe(400);
    const hook = (
      await call(
        'POST',
        '/api/v1/admin/webhooks',
        { url: `${base}/hook`, events: ['summary.created', 'summary.deleted'] },
        admin,
      )
    ).body!;
    expect(hook.secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await call('GET', '/api/v1/admin/webhooks', undefined, admin)).body)).not.toContain(
      hook.secret as string,
    );

    parties.webhookAnswers.push(503);
    const change = add();
    await call('POST', '/api/v1/summaries/push', { changes: [change] }, admin);
    // A retried push does not deliver twice.
    await call('POST', '/api/v1/summaries/push', { changes: [change] }, admin);
    expect(await server.deliveries.runDue()).toBe(1);
    const log = async () =>
      (await call('GET', `/api/v1/admin/webhooks/${hook.id}/deliveries`, undefined, admin)).body!.deliveries as Record<
        string,
        unknown
      >[];
    expect(await log()).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, lastStatus: 503, event: 'summary.created' }),
    ]);
    expect(await server.deliveries.runDue()).toBe(0);
    expect(await server.deliveries.runDue(new Date(Date.now() + 1500))).toBe(1);
    expect(await log()).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2, lastStatus: 200 })]);

    const deliveries = parties.received.filter((request) => request.path === '/hook');
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) {
      expect(
        verifyWebhookSignature(hook.secret as string, delivery.headers['tandem-signature'] as string, delivery.body),
      ).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', delivery.headers['tandem-signature'] as string, delivery.body)).toBe(
        false,
      );
      expect(
        verifyWebhookSignature(
          hook.secret as string,
          delivery.headers['tandem-signature'] as string,
          `${delivery.body} `,
        ),
      ).toBe(false);
      expect(webhookPayloadSchema.parse(JSON.parse(delivery.body))).toMatchObject({
        event: 'summary.created',
        summary: { id: change.id, version: 1, fields: { title: fields.title } },
      });
    }

    // Updates are not subscribed; a refusal that is not worth retrying fails at once.
    parties.webhookAnswers.push(410);
    await call(
      'POST',
      '/api/v1/summaries/push',
      { changes: [{ op: 'delete', key: randomUUID(), id: change.id, baseVersion: 1 }] },
      admin,
    );
    await server.deliveries.runDue();
    expect((await log())[0]).toMatchObject({
      event: 'summary.deleted',
      status: 'failed',
      attempts: 1,
      lastStatus: 410,
    });
  });

  it('writes a summary naming a ticket as a ServiceNow work note and a Salesforce case comment', async () => {
    expect(
      (
        await call(
          'PUT',
          '/api/v1/admin/connectors/servicenow',
          { enabled: true, instanceUrl: base, username: 'tandem' },
          admin,
        )
      ).status,
    ).toBe(400);
    await call(
      'PUT',
      '/api/v1/admin/connectors/servicenow',
      { enabled: true, instanceUrl: base, username: 'tandem', password: 'sn-secret' },
      admin,
    );
    await call(
      'PUT',
      '/api/v1/admin/connectors/salesforce',
      { enabled: true, instanceUrl: base, accessToken: 'sf-token' },
      admin,
    );
    const listed = JSON.stringify((await call('GET', '/api/v1/admin/connectors', undefined, admin)).body);
    expect(listed).toContain('"secretSet":true');
    expect(listed).not.toContain('sn-secret');
    expect(listed).not.toContain('sf-token');

    await call('POST', '/api/v1/summaries/push', { changes: [add('INC0010001'), add('00001026'), add()] }, admin);
    await server.deliveries.runDue();

    const note = parties.received.find((request) => request.method === 'PATCH')!;
    expect(note.path).toBe('/api/now/table/incident/a1b2c3');
    expect(note.headers.authorization).toBe(`Basic ${Buffer.from('tandem:sn-secret').toString('base64')}`);
    const workNote = (JSON.parse(note.body) as { work_notes: string }).work_notes;
    expect(workNote).toContain(fields.title);
    expect(workNote).toContain('Ticket: INC0010001');
    expect(workNote).toContain('Written by Tandem Session Insights');

    const comment = parties.received.find((request) => request.path === '/services/data/v60.0/sobjects/CaseComment')!;
    expect(comment.headers.authorization).toBe('Bearer sf-token');
    expect(JSON.parse(comment.body)).toMatchObject({ ParentId: '500XX0000001', IsPublished: false });
    expect((JSON.parse(comment.body) as { CommentBody: string }).CommentBody).toContain(fields.title);

    // Each connector tried the ticket it does not know and says so in its log, without retrying.
    const serviceNowLog = (await call('GET', '/api/v1/admin/connectors/servicenow/deliveries', undefined, admin)).body!
      .deliveries as Record<string, unknown>[];
    expect(serviceNowLog.map((entry) => [entry.ticket, entry.status])).toEqual(
      expect.arrayContaining([
        ['INC0010001', 'delivered'],
        ['00001026', 'failed'],
      ]),
    );
    expect(serviceNowLog.find((entry) => entry.ticket === '00001026')).toMatchObject({
      lastError: 'ServiceNow has no incident 00001026.',
    });
    expect(serviceNowLog).toHaveLength(2);
  });

  it('API tokens read the REST API with the permissions they were given, never more than their creator’s', async () => {
    const [change] = [add()];
    await call('POST', '/api/v1/summaries/push', { changes: [change] }, admin);
    const reader = (
      await call('POST', '/api/v1/admin/api-tokens', { name: 'BI export', permissions: ['insights.view'] }, admin)
    ).body!;
    expect(reader.token).toMatch(/^tdm_/);
    expect(
      (await call('GET', `/api/v1/summaries/${change!.id}`, undefined, reader.token as string)).body,
    ).toMatchObject({
      id: change!.id,
      fields: { title: fields.title },
    });
    expect((await call('GET', '/api/v1/summaries/changes?since=0', undefined, reader.token as string)).status).toBe(
      200,
    );
    expect((await call('GET', '/api/v1/admin/webhooks', undefined, reader.token as string)).status).toBe(403);
    expect((await call('GET', '/api/v1/admin/api-tokens', undefined, admin)).body!.tokens).toEqual([
      expect.objectContaining({ name: 'BI export', permissions: ['insights.view'], lastUsedAt: expect.any(String) }),
    ]);
    expect(JSON.stringify((await call('GET', '/api/v1/admin/api-tokens', undefined, admin)).body)).not.toContain(
      reader.token as string,
    );

    // A user who may manage integrations but not view summaries cannot mint a token that views them.
    const role = (
      await call('POST', '/api/v1/admin/roles', { name: 'Integrator', permissions: ['admin.integrations'] }, admin)
    ).body!.id;
    await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'ian@acme.test', name: 'Ian', password: 'integrator pass', roleId: role },
      admin,
    );
    const ian = (await call('POST', '/api/v1/auth/sign-in', { email: 'ian@acme.test', password: 'integrator pass' }))
      .body!.token as string;
    expect(
      (await call('POST', '/api/v1/admin/api-tokens', { name: 'sneaky', permissions: ['insights.view'] }, ian)).body,
    ).toMatchObject({ error: { message: 'You cannot give a token what you do not hold: insights.view.' } });

    expect((await call('DELETE', `/api/v1/admin/api-tokens/${reader.id}`, undefined, admin)).status).toBe(204);
    expect((await call('GET', `/api/v1/summaries/${change!.id}`, undefined, reader.token as string)).status).toBe(401);
  });

  it('answers malformed integration settings with 400 and stores nothing (fuzzed)', async () => {
    const routes = [
      { method: 'POST', path: '/api/v1/admin/webhooks', valid: { url: `${base}/hook`, events: ['summary.created'] } },
      {
        method: 'PUT',
        path: '/api/v1/admin/connectors/servicenow',
        valid: { enabled: true, instanceUrl: base, username: 'u', password: 'p' },
      },
      {
        method: 'PUT',
        path: '/api/v1/admin/connectors/salesforce',
        valid: { enabled: true, instanceUrl: base, accessToken: 't' },
      },
      { method: 'POST', path: '/api/v1/admin/api-tokens', valid: { name: 'n', permissions: ['insights.view'] } },
    ] as const;
    const mangled = fc.oneof(
      fc.anything(),
      fc
        .tuple(fc.nat(routes.length - 1), fc.string({ maxLength: 12 }), fc.anything())
        .map(([index, key, value]) => ({ index, body: { ...routes[index]!.valid, [key]: value } })),
      fc.tuple(fc.nat(routes.length - 1), fc.nat(3), fc.anything()).map(([index, which, value]) => {
        const valid = routes[index]!.valid as Record<string, unknown>;
        const key = Object.keys(valid)[which % Object.keys(valid).length]!;
        return { index, body: { ...valid, [key]: value } };
      }),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(mangled, async (input) => {
        const { index, body } =
          typeof input === 'object' && input !== null && 'index' in input && 'body' in input
            ? (input as { index: number; body: unknown })
            : { index: 0, body: input };
        const route = routes[index]!;
        const response = await fetch(`${server.url}${route.path}`, {
          method: route.method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
          body: JSON.stringify(body) ?? 'null',
        });
        expect([200, 201, 400]).toContain(response.status);
        if (response.status !== 400) accepted++;
      }),
      { numRuns: 200, seed: 12 },
    );
    // Whatever was accepted is well-formed; nothing half-valid was stored.
    const webhooks = (await call('GET', '/api/v1/admin/webhooks', undefined, admin)).body!.webhooks as {
      url: string;
    }[];
    for (const webhook of webhooks) expect(webhook.url).toMatch(/^https?:\/\//);
    const tokens = (await call('GET', '/api/v1/admin/api-tokens', undefined, admin)).body!.tokens as { name: string }[];
    for (const token of tokens) expect(token.name.trim().length).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThanOrEqual(webhooks.length + tokens.length);
  });

  it('keeps webhooks and connectors out of the operator’s network unless the operator allows it', async () => {
    for (const internal of [
      'http://127.0.0.1:9/hook',
      'http://10.1.2.3/hook',
      'http://[::1]/hook',
      'http://[::ffff:192.168.1.1]/x',
      'http://localhost/x',
      'http://169.254.169.254/latest',
    ])
      expect(await refusedTarget(internal, false), internal).toMatch(
        /is an internal address .*--allow-private-integrations/,
      );
    expect(await refusedTarget('http://93.184.216.34/hook', false)).toBeNull();
    expect(await refusedTarget('http://127.0.0.1:9/hook', true)).toBeNull();

    const strict = await startServer({ dataDir: `${dir.path}-strict`, logger: false });
    try {
      const strictCall = apiCaller(() => strict.url);
      await strictCall('POST', '/api/v1/setup', {
        company: 'Acme',
        name: 'Ada',
        email: 'ada@acme.test',
        password: 'correct horse battery',
        setupToken: setupTokenOf(strict),
      });
      const token = (
        await strictCall('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'correct horse battery' })
      ).body!.token as string;
      expect(
        (
          await strictCall(
            'POST',
            '/api/v1/admin/webhooks',
            { url: `${base}/hook`, events: ['summary.created'] },
            token,
          )
        ).body,
      ).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('internal address') } });
      expect(
        (
          await strictCall(
            'PUT',
            '/api/v1/admin/connectors/salesforce',
            { enabled: true, instanceUrl: base, accessToken: 't' },
            token,
          )
        ).status,
      ).toBe(400);
    } finally {
      await strict.close();
    }
  });
});
