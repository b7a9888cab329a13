import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type RunningBridge } from '../../../../src-main/bridge/bridgeServer';
import { createBridgeTransport, type BridgeTransport } from '../../../../src-renderer/ipc/bridgeTransport';
import { createTandemClient } from '../../../../src-shared/ipc/client';
import { pageSocket } from '../../../support/browserMode';
import { connectAccepted, startDevices, type TestDevice } from '../../../support/corePair';
import { memoryLogger } from '../../../support/silentLogger';

type Pair = Awaited<ReturnType<typeof startDevices>>;

/*
 * The host's window hands the partner's input to its core one-way (`session.input` is a one-way
 * channel): no answer crosses the bridge, and the core still checks every message against the
 * contract, the session's state and access, and `seq` before anything is injected.
 */
describe('remote input sent one-way through the bridge', () => {
  let pair: Pair | undefined;
  let bridge: RunningBridge | undefined;
  let transport: BridgeTransport | undefined;
  afterEach(async () => {
    transport?.close();
    await bridge?.close();
    await pair?.close();
    [pair, bridge, transport] = [undefined, undefined, undefined];
  });

  /** An active session with full control on the host's core, and the host's window on its bridge. */
  async function hostWindow() {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const requestId = await connectAccepted(supporter, host);
    await host.call('session.mediaConnected', { requestId });
    const logger = memoryLogger();
    bridge = await startBridge({ core: host.booted.core, log: logger.log });
    transport = createBridgeTransport(`${bridge.wsUrl}?secret=${bridge.secret}`, pageSocket(bridge.origin));
    await transport.ready;
    const client = createTandemClient(transport);
    // Frames are handled in order and input synchronously: once a later call is answered, every
    // message sent before it has been checked and injected or dropped.
    const handled = () => client.invoke('session.list', {});
    return { host, requestId, client, handled, logs: logger.lines };
  }

  it('injects each checked move in seq order, refuses one outside the contract, and none once control is off', async () => {
    const { host, requestId, client, handled, logs } = await hostWindow();
    const move = (x: number) => ({ type: 'pointer-move', x, y: 0.5 }) as const;
    client.send('session.input', { requestId, seq: 1, event: move(0.1) });
    client.send('session.input', { requestId, seq: 3, event: move(0.3) });
    // Overtaken on the unordered channel: a late move never drags the pointer back.
    client.send('session.input', { requestId, seq: 2, event: move(0.2) });
    await handled();
    expect(host.injector.events).toEqual([move(0.1), move(0.3)]);

    client.send('session.input', { requestId, seq: 4, event: move(2) });
    await handled();
    expect(host.injector.events).toEqual([move(0.1), move(0.3)]);
    expect(logs().filter((line) => line.includes('one-way IPC message refused'))).toEqual([
      expect.stringContaining('"code":"invalid_request"'),
    ]);

    await host.call('session.setAccess', { requestId, access: 'view' });
    client.send('session.input', { requestId, seq: 5, event: move(0.5) });
    await handled();
    expect(host.injector.events).toEqual([move(0.1), move(0.3)]);
  });

  it('answers no one-way message, and refuses a channel that is not one-way sent without an answer', async () => {
    const { host, logs } = await hostWindow();
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const raw = new WebSocket(`${bridge!.wsUrl}?secret=${bridge!.secret}`, { origin: bridge!.origin });
      raw.on('open', () => resolve(raw));
      raw.on('error', reject);
    });
    const frames: unknown[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    try {
      socket.send(JSON.stringify({ kind: 'send', channel: 'settings.update', payload: { language: 'de' } }));
      socket.send(
        JSON.stringify({ kind: 'send', channel: 'session.input', payload: { requestId: 'x', event: { type: 'x' } } }),
      );
      socket.send(JSON.stringify({ id: 7, channel: 'session.list', payload: {} }));
      await expect.poll(() => frames.length).toBeGreaterThan(0);
      // The call's answer is the first frame back: neither one-way frame was answered.
      expect(frames[0]).toMatchObject({ kind: 'result', id: 7, result: { ok: true } });
      expect(host.booted.core.settings.get().language).not.toBe('de');
      expect(logs().some((line) => line.includes('only a one-way channel may be sent'))).toBe(true);
    } finally {
      socket.close();
    }
  });
});
