import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import type { Resolver } from '../../../../server/integrations/targetGuard';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { apiCaller } from '../../../support/apiCall';
import { recordingServer } from '../../../support/recordingServer';
import { setupTokenOf } from '../../../support/setupToken';
import { tempDir } from '../../../support/tempDir';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

/**
 * The attacker's DNS server for rebind.attacker.example: a public address while Tandem checks,
 * then the operator's loopback, where an internal service listens. 3ffe::1 is ordinary global
 * unicast to the guard (the 6bone block, returned in 2006 and routed nowhere), so connecting to it
 * fails without any traffic leaving the machine.
 */
function rebindingResolver(publicAnswers: number) {
  const calls: string[] = [];
  const resolve: Resolver = async (hostname) => {
    calls.push(hostname);
    return calls.length <= publicAnswers ? [{ address: '3ffe::1', family: 6 }] : [{ address: '127.0.0.1', family: 4 }];
  };
  return { resolve, calls };
}

describe('webhooks against DNS rebinding', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer | undefined;
  let internal: Awaited<ReturnType<typeof recordingServer>>;

  beforeEach(async () => {
    dir = tempDir();
    // The operator's internal service, on loopback: what the attacker wants to reach.
    internal = await recordingServer();
  });
  afterEach(async () => {
    await server?.close();
    await internal.close();
    dir.cleanup();
  });

  const start = async (resolve: Resolver) => {
    server = await startServer({
      dataDir: dir.path,
      logger: false,
      deliveryPeriodMs: 3_600_000,
      integrationResolver: resolve,
    });
    const call = apiCaller(() => server!.url);
    await call('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada Admin',
      email: 'ada@acme.test',
      password: 'correct horse battery',
      setupToken: setupTokenOf(server),
    });
    const admin = (
      await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: 'correct horse battery' })
    ).body!.token as string;
    const hook = await call(
      'POST',
      '/api/v1/admin/webhooks',
      { url: `http://rebind.attacker.example:${internal.port}/hook`, events: ['summary.created'] },
      admin,
    );
    expect(hook.status).toBe(201);
    const push = () =>
      call(
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
              fields,
            },
          ],
        },
        admin,
      );
    const log = async () =>
      (await call('GET', `/api/v1/admin/webhooks/${hook.body!.id as string}/deliveries`, undefined, admin)).body!
        .deliveries as { status: string; attempts: number; lastError: string | null }[];
    return { push, log };
  };

  it('a name that turns private after the check is refused at connect time; nothing reaches the internal service', async () => {
    // Public when the webhook is added, loopback from the first delivery on.
    const dns = rebindingResolver(1);
    const { push, log } = await start(dns.resolve);
    await push();
    expect(await server!.deliveries.runDue()).toBe(1);
    expect(await log()).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        lastError: expect.stringMatching(
          /^rebind\.attacker\.example is an internal address \(127\.0\.0\.1, loopback\)/,
        ),
      }),
    ]);
    expect(internal.received).toEqual([]);
  });

  it('checks and connects on one answer: a second lookup that would say loopback is never made', async () => {
    // Public for the check when the webhook is added and for the first delivery's lookup; every
    // later lookup says loopback. A worker that checked and then resolved again to connect would
    // reach the internal service here.
    const dns = rebindingResolver(2);
    const { push, log } = await start(dns.resolve);
    await push();
    expect(await server!.deliveries.runDue()).toBe(1);
    expect(dns.calls).toHaveLength(2);
    expect(await log()).toEqual([
      expect.objectContaining({
        status: 'pending',
        attempts: 1,
        lastError: expect.stringMatching(/^rebind\.attacker\.example:\d+ could not be reached/),
      }),
    ]);
    // The retry looks the name up again — once — and is refused there.
    expect(await server!.deliveries.runDue(new Date(Date.now() + 1500))).toBe(1);
    expect(dns.calls).toHaveLength(3);
    expect((await log())[0]).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('internal address (127.0.0.1'),
    });
    expect(internal.received).toEqual([]);
  });
});
