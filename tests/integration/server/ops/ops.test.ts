import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, type ServerOptions } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import { apiCaller } from '../../../support/apiCall';
import { startRedisServer } from '../../../support/redisServer';
import { setupTokenOf } from '../../../support/setupToken';
import { tempDir } from '../../../support/tempDir';
import { hubDevice } from '../signaling/hubClient';

const METRICS_TOKEN = `metrics-${randomUUID()}`;
const ADMIN = { email: 'ada@acme.test', password: 'correct horse battery' };
const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);

/** One sample of the exposition text: `name{label="value",…} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1]!, label[2]!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample of `name` whose labels include `labels`; undefined if there is none. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return samples(text).find(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  )?.value;
}

describe('an endpoint instance for its operator: readiness, metrics and logs', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
    const dir = tempDir();
    const server = await startServer({ dataDir: dir.path, logger: false, ...options });
    cleanups.push(dir.cleanup, () => server.close());
    return server;
  }

  const metricsOf = async (server: RunningServer) => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('is live, and ready only while its Redis answers: 503 naming Redis while it is down, 200 once it is back', async () => {
    let redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const server = await start({ redis: redis.url });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });

    const port = Number(new URL(redis.url).port);
    await redis.stop();
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status).toBe(503);
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      error: { code: 'not_ready', message: 'Not ready: Redis did not answer.' },
    });
    // Still alive: a load balancer takes it out of rotation, nobody restarts it.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    redis = await startRedisServer({ port });
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
  });

  it('without --redis, is ready on its database alone', async () => {
    const server = await start();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'not used' });
  });

  it('serves metrics only to the bearer of the metrics token, and none without one configured', async () => {
    const without = await start();
    const off = await fetch(`${without.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(off.status).toBe(404);
    expect(((await off.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const server = await start({ metricsToken: METRICS_TOKEN });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // prom-client's process metrics come with Tandem's own.
    const text = await right.text();
    expect(valueOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(text, 'tandem_instance_info', { instance: `${hostname()}:${process.pid}` })).toBe(1);
  });

  it('counts connected devices, requests by route pattern, signaling messages, sync pushes and the delivery backlog — and names no device, user or secret', async () => {
    const server = await start({
      metricsToken: METRICS_TOKEN,
      instanceName: 'tandem-ops-1',
      // The webhook's delivery waits in the backlog: the worker's next round is an hour away.
      deliveryPeriodMs: 3_600_000,
      allowPrivateIntegrations: true,
    });
    const call = apiCaller(() => server.url);
    const setupToken = setupTokenOf(server);
    expect(
      (await call('POST', '/api/v1/setup', { company: 'Acme', name: 'Ada Admin', ...ADMIN, setupToken })).status,
    ).toBe(201);
    // Each step's answer is checked, so a failure names the step and the endpoint's reason.
    const signedIn = await call('POST', '/api/v1/auth/sign-in', ADMIN);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    const token = signedIn.body!.token as string;
    const created = await call(
      'POST',
      '/api/v1/admin/webhooks',
      { url: 'http://127.0.0.1:9/hook', events: ['summary.created'] },
      token,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hook = created.body!;
    const change: SummaryChange = {
      op: 'upsert',
      key: randomUUID(),
      id: randomUUID(),
      requestId: 'request-ops',
      baseVersion: 0,
      createdAt: '2026-11-21T10:00:00.000Z',
      fields,
    };
    const pushed = await call('POST', '/api/v1/summaries/push', { changes: [change] }, token);
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    const deliveriesPath = `/api/v1/admin/webhooks/${hook.id as string}/deliveries`;
    expect((await call('GET', deliveriesPath, undefined, token)).status).toBe(200);
    const stray = `/no-such-page-${randomUUID()}`;
    expect((await fetch(server.url + stray)).status).toBe(404);

    const deviceId = '731904625';
    const device = await hubDevice(server.url, deviceId);
    device.send({ type: 'ping' });
    await device.next();
    await expect.poll(async () => valueOf(await metricsOf(server), 'tandem_connected_devices')).toBe(1);

    const text = await metricsOf(server);
    expect(valueOf(text, 'tandem_instance_info', { instance: 'tandem-ops-1' })).toBe(1);
    expect(valueOf(text, 'tandem_signaling_messages_total', { type: 'auth' })).toBe(1);
    expect(valueOf(text, 'tandem_signaling_messages_total', { type: 'ping' })).toBe(1);
    expect(valueOf(text, 'tandem_signaling_messages_total', { type: 'connect' })).toBe(0);
    expect(valueOf(text, 'tandem_sync_pushes_total')).toBe(1);
    expect(valueOf(text, 'tandem_sync_changes_total', { result: 'applied' })).toBe(1);
    expect(valueOf(text, 'tandem_delivery_backlog')).toBe(1);
    const requests = (labels: Record<string, string>) => valueOf(text, 'tandem_http_requests_total', labels);
    expect(requests({ method: 'POST', route: '/api/v1/summaries/push', status: '200' })).toBe(1);
    expect(requests({ method: 'POST', route: '/api/v1/setup', status: '201' })).toBe(1);
    // The route's pattern, not the URL the caller asked for: a series per webhook, or per stray URL, would not end.
    expect(requests({ method: 'GET', route: '/api/v1/admin/webhooks/:id/deliveries', status: '200' })).toBe(1);
    expect(requests({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(
      valueOf(text, 'tandem_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/summaries/push',
      }),
    ).toBe(1);

    for (const secret of [ADMIN.email, ADMIN.password, token, setupToken, METRICS_TOKEN, 'Acme', hook.id as string]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(stray);
    const labelValues = samples(text).flatMap((sample) => Object.values(sample.labels));
    expect(labelValues.filter((value) => value.includes(deviceId))).toEqual([]);

    device.socket.close();
    await expect.poll(async () => valueOf(await metricsOf(server), 'tandem_connected_devices')).toBe(0);
  });

  it('writes the instance’s name on every log line', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const server = await start({ instanceName: 'tandem-ops-2', logger: { level: 'info', destination } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await expect.poll(() => lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(JSON.parse(line) as object).toMatchObject({ instance: 'tandem-ops-2' });
  });
});
