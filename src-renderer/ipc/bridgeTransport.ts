import {
  bridgeServerFrameSchema,
  type BridgeCallFrame,
  type BridgeSendFrame,
} from '../../src-shared/ipc/bridgeProtocol';
import { failure } from '../../src-shared/ipc/envelope';
import type { IpcTransport } from '../../src-shared/ipc/transport';

const CALL_TIMEOUT_MS = 30_000;

interface Pending {
  resolve(value: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface BridgeTransport extends IpcTransport {
  readonly ready: Promise<void>;
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * The browser-mode transport: the IPC contract over the loopback bridge's WebSocket.
 * Takes the WebSocket constructor so the same code runs in Chromium and in Node tests.
 */
export function createBridgeTransport(url: string, WebSocketImpl: typeof WebSocket = WebSocket): BridgeTransport {
  const socket = new WebSocketImpl(url);
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const closeListeners = new Set<() => void>();
  let nextId = 1;

  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('close', () => reject(new Error('The bridge refused the connection.')), { once: true });
  });
  ready.catch(() => undefined);

  socket.addEventListener('message', (message: MessageEvent) => {
    let json: unknown;
    try {
      json = JSON.parse(String(message.data));
    } catch {
      return;
    }
    const frame = bridgeServerFrameSchema.safeParse(json);
    if (!frame.success) return;
    if (frame.data.kind === 'event') {
      for (const listener of listeners) listener(frame.data.event, frame.data.payload);
      return;
    }
    const call = frame.data.id === null ? undefined : pending.get(frame.data.id);
    if (!call) return;
    clearTimeout(call.timer);
    pending.delete(frame.data.id!);
    call.resolve(frame.data.result);
  });

  socket.addEventListener('close', () => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.resolve(failure({ code: 'transport_closed', message: 'The bridge closed before answering.' }));
      pending.delete(id);
    }
    for (const listener of closeListeners) listener();
  });

  return {
    ready,
    async invoke(channel, payload) {
      await ready;
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failure({ code: 'timeout', message: `"${channel}" got no answer within ${CALL_TIMEOUT_MS} ms.` }));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        const frame: BridgeCallFrame = { id, channel, payload };
        socket.send(JSON.stringify(frame));
      });
    },
    send(channel, payload) {
      const frame: BridgeSendFrame = { kind: 'send', channel, payload };
      const text = JSON.stringify(frame);
      // Straight onto the open socket, in the caller's task; one still opening takes it once open.
      if (socket.readyState === WebSocketImpl.OPEN) socket.send(text);
      else void ready.then(() => socket.send(text)).catch(() => undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
    },
    close() {
      socket.close();
    },
  };
}
