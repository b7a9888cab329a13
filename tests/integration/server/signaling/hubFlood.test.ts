import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { endpointPerTest } from '../../../support/endpointPerTest';
import { hubDevice, is } from './hubClient';

const supporter = { name: 'Flood', company: '' };
/** Messages each flooding device sends, of every type the hub knows and some it does not. */
const ROUNDS = 6;
/** /healthz must answer within this while the hub is flooded (generous for a shared 2-core machine). */
const HEALTH_BOUND_MS = 1_000;

type Device = Awaited<ReturnType<typeof hubDevice>>;

/** One round of every message type, aimed where it costs the hub the most. */
function round(device: Device, host: string, requestId: string): unknown[] {
  const route = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  return [
    device.reauth,
    { type: 'connect', requestId: randomUUID(), target: host, supporter, access: 'full' },
    { type: 'code-create', supporter, access: 'full' },
    { type: 'code-lookup', route },
    { type: 'code-join', route, requestId: randomUUID() },
    { type: 'relay', requestId, payload: { kind: 'signal', signal: { type: 'offer', sdp: 'v=0\r\n'.repeat(12_000) } } },
    { type: 'relay', requestId, payload: { kind: 'foreground', app: 'a', title: 'b' } },
    { type: 'relay', requestId: randomUUID(), payload: {} },
    { type: 'relay', requestId, payload: 'x'.repeat(150_000) },
    { type: 'started', requestId },
    { type: 'end', requestId: randomUUID(), reason: 'cancelled' },
    { type: 'ping' },
    '{"type":',
    'x'.repeat(200_000),
  ];
}

describe('the signaling hub flooded by authenticated devices', () => {
  const endpoint = endpointPerTest();

  it(
    'keeps /healthz answering within a bound while every message type floods the hub',
    { timeout: 60_000 },
    async () => {
      const pairs = await Promise.all(
        [0, 1, 2].map(async (n) => {
          const s = await hubDevice(endpoint().url, `40000000${n}`);
          const h = await hubDevice(endpoint().url, `40000001${n}`);
          const requestId = randomUUID();
          s.send({ type: 'connect', requestId, target: h.ready.deviceId, supporter, access: 'full' });
          await h.waitFor(is('incoming'));
          return { s, h, requestId };
        }),
      );

      // Both sides of each pair flood, with their open request as the relay target.
      const floods = pairs.flatMap(({ s, h, requestId }) =>
        [
          { from: s, to: h.ready.deviceId },
          { from: h, to: s.ready.deviceId },
        ].map(async ({ from, to }) => {
          for (let i = 0; i < ROUNDS; i++) for (const message of round(from, to, requestId)) from.send(message);
          from.send({ type: 'ping' });
          // The hub has worked through everything this device sent once it answers the last ping.
          for (let pongs = 0; pongs < ROUNDS + 1;) if ((await from.next()).type === 'pong') pongs++;
        }),
      );
      let flooding = true;
      const done = Promise.all(floods).finally(() => (flooding = false));

      const latencies: number[] = [];
      while (flooding) {
        const started = performance.now();
        const response = await fetch(`${endpoint().url}/healthz`);
        expect(response.status).toBe(200);
        await response.json();
        latencies.push(performance.now() - started);
      }
      await done;
      expect(latencies.length).toBeGreaterThan(5);
      expect(Math.max(...latencies)).toBeLessThan(HEALTH_BOUND_MS);

      // The endpoint still serves a fresh device, and tells it that this address spent its code budget.
      const fresh = await hubDevice(endpoint().url, '400000099');
      fresh.send({ type: 'code-create', supporter, access: 'view' });
      expect(await fresh.next()).toMatchObject({
        type: 'error',
        code: 'rate_limited',
        retryAfterMs: expect.any(Number),
      });
      fresh.send({ type: 'ping' });
      await fresh.waitFor(is('pong'));
      for (const { s, h } of pairs) {
        s.socket.close();
        h.socket.close();
      }
      fresh.socket.close();
    },
  );
});
