import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TandemError } from '../../../../src-shared/errors';
import { bridgeServerFrameSchema } from '../../../../src-shared/ipc/bridgeProtocol';
import { startBridge } from '../../../../src-main/bridge/bridgeServer';
import { startBrowserMode, type BrowserModeHarness } from '../../../support/browserMode';
import { memoryLogger } from '../../../support/silentLogger';
import { tempDir } from '../../../support/tempDir';

/** Opens a raw socket and reports how the handshake ended. */
function handshake(url: string, origin?: string): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.on('unexpected-response', (_request, response) => resolve({ opened: false, status: response.statusCode }));
    socket.on('error', () => resolve({ opened: false }));
  });
}

function rawSocket(harness: BrowserModeHarness): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${harness.bridge.wsUrl}?secret=${harness.bridge.secret}`, {
      origin: harness.bridge.origin,
    });
    socket.on('open', () => resolve(socket));
    socket.on('error', reject);
  });
}

function nextFrame(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('the loopback bridge', () => {
  let dir: ReturnType<typeof tempDir>;
  let harness: BrowserModeHarness;

  beforeEach(async () => {
    dir = tempDir();
    harness = await startBrowserMode(dir.path);
  });
  afterEach(async () => {
    await harness.close();
    dir.cleanup();
  });

  it("lets pages play media from the core's endpoint only, following the core when it moves", async () => {
    let cloudUrl = 'http://127.0.0.1:4100';
    const bridge = await startBridge({ core: harness.booted.core, log: memoryLogger().log, cloudUrl: () => cloudUrl });
    try {
      const mediaSources = async () =>
        /media-src ([^;]*)/.exec(
          (await fetch(bridge.wsUrl.replace(/^ws/, 'http'))).headers.get('content-security-policy')!,
        )![1];
      expect(await mediaSources()).toBe("'self' blob: mediastream: http://127.0.0.1:4100");
      cloudUrl = 'https://tandem.example.com/base/';
      expect(await mediaSources()).toBe("'self' blob: mediastream: https://tandem.example.com");
    } finally {
      await bridge.close();
    }
  });

  it('listens on 127.0.0.1 only', () => {
    expect(harness.bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the contract to a typed client', async () => {
    const { client } = await harness.connectClient();
    const identity = await client.invoke('device.identity', {});
    expect(identity.deviceId).toMatch(/^[1-9]\d{8}$/);
    expect(await client.invoke('app.info', {})).toMatchObject({ runtime: 'browser', dataDir: dir.path });
  });

  it('refuses a malformed payload with a typed error naming the field', async () => {
    const { client } = await harness.connectClient();
    const error = await client
      .invoke('settings.update', { language: 'klingon' } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TandemError);
    expect(error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'language' }] });
    expect((await client.invoke('settings.get', {})).language).toBeNull();
  });

  it('refuses an unknown channel and a frame that is not a call', async () => {
    const socket = await rawSocket(harness);
    socket.send(JSON.stringify({ id: 1, channel: 'device.wipe', payload: {} }));
    expect(await nextFrame(socket)).toMatchObject({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'unknown_channel' } },
    });
    socket.send('this is not JSON');
    expect(await nextFrame(socket)).toMatchObject({
      kind: 'result',
      id: null,
      result: { ok: false, error: { code: 'invalid_frame' } },
    });
    socket.send(JSON.stringify({ id: 'seven', channel: 'app.info' }));
    expect(await nextFrame(socket)).toMatchObject({ result: { ok: false, error: { code: 'invalid_frame' } } });
    socket.close();
  });

  it('admits only pages that present this run’s secret from an allowed origin', async () => {
    const { wsUrl, secret, origin } = harness.bridge;
    expect(await handshake(wsUrl, origin)).toEqual({ opened: false, status: 401 });
    expect(await handshake(`${wsUrl}?secret=${'x'.repeat(secret.length)}`, origin)).toEqual({
      opened: false,
      status: 401,
    });
    expect(await handshake(`${wsUrl}?secret=${secret}`, 'http://evil.example')).toEqual({ opened: false, status: 403 });
    expect(await handshake(`${wsUrl}?secret=${secret}`)).toEqual({ opened: false, status: 403 });
    expect(await handshake(`${wsUrl}?secret=${secret}`, origin)).toEqual({ opened: true });
  });

  it('pushes core events to every connected page', async () => {
    const first = await harness.connectClient();
    const second = await harness.connectClient();
    const seen = new Promise((resolve) => second.client.on('device.changed', resolve));
    const rotated = await first.client.invoke('device.rotatePassword', {});
    expect(await seen).toEqual(rotated);
  });

  it('closes a connection that sends an oversized frame and keeps serving others', async () => {
    const socket = await rawSocket(harness);
    const closed = new Promise<number>((resolve) => socket.on('close', resolve));
    socket.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const { client } = await harness.connectClient();
    expect((await client.invoke('settings.get', {})).language).toBeNull();
  });

  it('answers any frame with a well-formed result and stays up (fuzzed)', async () => {
    const socket = await rawSocket(harness);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .record({ id: fc.nat(), channel: fc.string(), payload: fc.jsonValue() })
            .map((frame) => JSON.stringify(frame)),
        ),
        async (text) => {
          const reply = nextFrame(socket);
          socket.send(text);
          expect(bridgeServerFrameSchema.safeParse(await reply).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    socket.close();
    const { client } = await harness.connectClient();
    expect((await client.invoke('app.info', {})).runtime).toBe('browser');
  });
});
