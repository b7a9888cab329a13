import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TandemError } from '../../../../src-shared/errors';
import { createTandemClient } from '../../../../src-shared/ipc/client';
import type { IpcTransport } from '../../../../src-shared/ipc/transport';
import { startServer } from '../../../support/testServer';
import { bootCore, type BootedCore } from '../../../../src-main/core/boot';
import { memoryLogger } from '../../../support/silentLogger';
import { tempDir } from '../../../support/tempDir';

/*
 * The Electron binary cannot run here, so this replaces exactly the `electron` module — the API
 * boundary — with a minimal in-process ipcMain/ipcRenderer pair. Everything on either side of it
 * (preload, registration, sender checks, dispatcher, core, SQLite, cloud endpoint) is real.
 */
const fake = vi.hoisted(() => {
  type Handler = (event: unknown, payload: unknown) => unknown;
  const handlers = new Map<string, Handler>();
  const mainListeners = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const state = {
    exposed: {} as Record<string, unknown>,
    frame: { url: 'app://tandem/index.html', parent: null as unknown } as { url: string; parent: unknown } | null,
    pageUrl: 'app://tandem/index.html',
  };
  const webContentsStub = {
    isDestroyed: () => false,
    getURL: () => state.pageUrl,
    send: (channel: string, ...args: unknown[]) => {
      for (const listener of rendererListeners.get(channel) ?? []) listener({}, ...args);
    },
  };
  return {
    state,
    handlers,
    module: {
      ipcMain: {
        handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
        removeHandler: (channel: string) => handlers.delete(channel),
        on: (channel: string, listener: Handler) => mainListeners.set(channel, listener),
        removeAllListeners: (channel: string) => mainListeners.delete(channel),
      },
      webContents: { getAllWebContents: () => [webContentsStub] },
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          state.exposed[key] = api;
        },
      },
      ipcRenderer: {
        invoke: async (channel: string, payload: unknown) => {
          const handler = handlers.get(channel);
          if (!handler) throw new Error(`No handler registered for '${channel}'`);
          // Like Electron, the payload crosses a structured-clone boundary.
          return structuredClone(await handler({ senderFrame: state.frame }, structuredClone(payload)));
        },
        // No answer, and nothing happens for a channel main does not listen on (as in Electron).
        send: (channel: string, payload: unknown) => {
          mainListeners.get(channel)?.({ senderFrame: state.frame }, structuredClone(payload));
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => {
          if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
          rendererListeners.get(channel)!.add(listener);
        },
        removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
          rendererListeners.get(channel)?.delete(listener),
      },
    },
  };
});

vi.mock('electron', () => fake.module);

describe('IPC in the Electron shell (preload ⇄ ipcMain registration ⇄ core)', () => {
  let dir: ReturnType<typeof tempDir>;
  let booted: BootedCore;
  let unregister: () => void;
  let transport: IpcTransport;
  let logs: () => string[];

  beforeEach(async () => {
    dir = tempDir();
    const { log, lines } = memoryLogger();
    logs = lines;
    booted = await bootCore({
      dataDir: dir.path,
      runtime: 'electron',
      version: '0.0.0-test',
      log,
      startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: false }),
    });
    const { registerIpc } = await import('../../../../src-main/electron/ipcRegistration');
    unregister = registerIpc(booted.core, ['app://tandem'], log);
    await import('../../../../src-preload/index');
    transport = fake.state.exposed.tandem as IpcTransport;
    fake.state.frame = { url: 'app://tandem/index.html', parent: null };
  });

  afterEach(async () => {
    unregister();
    await booted.shutdown();
    dir.cleanup();
  });

  it('exposes only invoke, send and subscribe as window.tandem', () => {
    expect(Object.keys(transport).sort()).toEqual(['invoke', 'send', 'subscribe']);
  });

  it('sends one-way input from Tandem’s page to the core, checked against the contract', async () => {
    const client = createTandemClient(transport);
    const refused = () => logs().filter((line) => line.includes('one-way IPC message refused'));
    const requestId = crypto.randomUUID();
    client.send('session.input', { requestId, event: { type: 'pointer-move', x: 0.5, y: 0.5 } });
    client.send('session.input', { requestId, event: { type: 'pointer-move', x: 2, y: 0.5 } });
    await expect.poll(refused).toHaveLength(1);
    expect(refused()[0]).toContain('"code":"invalid_request"');
  });

  it('refuses one-way messages from a foreign page, and in the preload a channel that is not one-way', async () => {
    const client = createTandemClient(transport);
    fake.state.frame = { url: 'https://evil.example/', parent: null };
    client.send('session.input', { requestId: crypto.randomUUID(), event: { type: 'release-all' } });
    await expect
      .poll(() => logs().filter((line) => line.includes('IPC call from an untrusted frame refused')))
      .toEqual([expect.stringContaining('"channel":"session.input"')]);
    expect(() => transport.send('settings.update', { language: 'de' })).toThrow(/not a one-way IPC channel/);
    fake.state.frame = { url: 'app://tandem/index.html', parent: null };
    expect(await client.invoke('settings.get', {})).not.toMatchObject({ language: 'de' });
  });

  it('serves a valid call from Tandem’s own page', async () => {
    const client = createTandemClient(transport);
    expect(await client.invoke('settings.update', { language: 'de' })).toMatchObject({ language: 'de' });
    expect(booted.core.settings.get().language).toBe('de');
  });

  it('refuses a malformed payload with a typed error', async () => {
    const client = createTandemClient(transport);
    const error = await client.invoke('settings.update', { language: 42 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TandemError);
    expect(error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'language' }] });
  });

  it('refuses a channel outside the contract in the preload, before it reaches main', async () => {
    const result = await transport.invoke('shell.openExternal', { url: 'https://evil.example' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses calls from a foreign page or a subframe', async () => {
    const client = createTandemClient(transport);
    fake.state.frame = { url: 'https://evil.example/', parent: null };
    await expect(client.invoke('device.identity', {})).rejects.toMatchObject({ code: 'forbidden_sender' });
    fake.state.frame = { url: 'app://tandem/index.html', parent: {} };
    await expect(client.invoke('device.identity', {})).rejects.toMatchObject({ code: 'forbidden_sender' });
    fake.state.frame = null;
    await expect(client.invoke('device.identity', {})).rejects.toMatchObject({ code: 'forbidden_sender' });
  });

  it('pushes core events to Tandem’s page through the preload', async () => {
    const client = createTandemClient(transport);
    const seen = new Promise((resolve) => client.on('settings.changed', resolve));
    await client.invoke('settings.update', { language: 'en' });
    expect(await seen).toMatchObject({ language: 'en' });
  });
});
