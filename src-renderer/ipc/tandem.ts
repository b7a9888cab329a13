import { BRIDGE_PATH, BRIDGE_SECRET_PARAM } from '../../src-shared/ipc/bridgeProtocol';
import { createTandemClient, type TandemClient } from '../../src-shared/ipc/client';
import type { IpcTransport } from '../../src-shared/ipc/transport';
import { createBridgeTransport } from './bridgeTransport';

declare global {
  interface Window {
    /** Provided by the Electron preload; absent in browser mode. */
    tandem?: IpcTransport;
  }
}

const SECRET_KEY = 'tandem.bridge';

export interface Connection {
  client: TandemClient;
  ready: Promise<void>;
  onLost(listener: () => void): void;
}

/**
 * In Electron the preload provides the transport. In a browser the page URL's fragment carries
 * the bridge's per-run secret (never sent over HTTP); it is kept for this tab and then
 * removed from the address bar.
 */
export function connect(): Connection {
  if (window.tandem) {
    return { client: createTandemClient(window.tandem), ready: Promise.resolve(), onLost: () => undefined };
  }
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get(BRIDGE_SECRET_PARAM);
  if (fromUrl) {
    sessionStorage.setItem(SECRET_KEY, JSON.stringify({ secret: fromUrl, bridge: fragment.get('bridge') }));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const stored = JSON.parse(sessionStorage.getItem(SECRET_KEY) ?? 'null') as {
    secret: string;
    bridge: string | null;
  } | null;
  const base = stored?.bridge ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}`;
  const url = `${base}?${BRIDGE_SECRET_PARAM}=${encodeURIComponent(stored?.secret ?? '')}`;
  const transport = createBridgeTransport(url);
  return { client: createTandemClient(transport), ready: transport.ready, onLost: transport.onClose };
}
