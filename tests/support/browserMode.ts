import WebSocket from 'ws';
import { startServer } from '../../server/app';
import { bootCore, type BootedCore } from '../../src-main/core/boot';
import { startBridge, type RunningBridge } from '../../src-main/bridge/bridgeServer';
import { createTandemClient, type TandemClient } from '../../src-shared/ipc/client';
import { createBridgeTransport, type BridgeTransport } from '../../src-renderer/ipc/bridgeTransport';
import { memoryLogger } from './silentLogger';

export interface BrowserModeHarness {
  booted: BootedCore;
  bridge: RunningBridge;
  /** A typed client over a real WebSocket, as the renderer uses it. */
  connectClient(): Promise<{ client: TandemClient; transport: BridgeTransport }>;
  close(): Promise<void>;
}

/** The main core with its embedded cloud endpoint, behind the real bridge, in one process. */
export async function startBrowserMode(dataDir: string): Promise<BrowserModeHarness> {
  const { log } = memoryLogger();
  const booted = await bootCore({
    dataDir,
    runtime: 'browser',
    version: '0.0.0-test',
    log,
    startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: false }),
  });
  const bridge = await startBridge({ core: booted.core, log });
  const transports: BridgeTransport[] = [];
  return {
    booted,
    bridge,
    async connectClient() {
      const transport = createBridgeTransport(`${bridge.wsUrl}?secret=${bridge.secret}`, pageSocket(bridge.origin));
      transports.push(transport);
      await transport.ready;
      return { client: createTandemClient(transport), transport };
    },
    async close() {
      for (const transport of transports) transport.close();
      await bridge.close();
      await booted.shutdown();
    },
  };
}

/** A Node WebSocket that presents a page origin, as a browser tab would. */
export function pageSocket(origin: string): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  } as unknown as typeof globalThis.WebSocket;
}
