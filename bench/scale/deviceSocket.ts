import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import WebSocket from 'ws';
import {
  serverMessageSchema,
  SIGNAL_PATH,
  signalAuthPayload,
  type ServerMessage,
} from '../../src-shared/signaling/protocol';

/** Registers a device with a fresh key through the public route, as any installation does. */
export async function registerDevice(baseUrl: string, deviceId: string): Promise<KeyObject> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const response = await fetch(`${baseUrl}/api/v1/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      deviceId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: 'scale bench',
    }),
  });
  if (response.status !== 200) throw new Error(`registering ${deviceId}: ${response.status} ${await response.text()}`);
  return privateKey;
}

/** A device's authenticated signaling socket; every message from the hub is checked against the protocol. */
export interface DeviceSocket {
  readonly deviceId: string;
  readonly socket: WebSocket;
  send(message: unknown): void;
  /** The first message from now on that `match` accepts; rejects after `timeoutMs` or when the socket closes. */
  next<T extends ServerMessage>(match: (message: ServerMessage) => message is T, timeoutMs: number): Promise<T>;
  /** Hears every message (the echoing host). */
  listen(listener: (message: ServerMessage) => void): void;
}

export const is =
  <K extends ServerMessage['type']>(type: K) =>
  (message: ServerMessage): message is Extract<ServerMessage, { type: K }> =>
    message.type === type;

/**
 * Opens the device's socket and answers the hub's `hello` with the key's signature, as the main
 * core does; resolves once the hub answers `ready`, rejects on anything else or after `timeoutMs`.
 */
export async function authenticatedSocket(
  baseUrl: string,
  deviceId: string,
  key: KeyObject,
  timeoutMs: number,
): Promise<DeviceSocket> {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}${SIGNAL_PATH}`);
  const listeners = new Set<(message: ServerMessage) => void>();
  const closers = new Set<() => void>();
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    const message = serverMessageSchema.parse(JSON.parse(String(data)));
    for (const listener of listeners) listener(message);
  });
  socket.once('close', () => {
    for (const closer of closers) closer();
  });
  const next = <T extends ServerMessage>(match: (message: ServerMessage) => message is T, waitMs: number) =>
    new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        listeners.delete(hear);
        closers.delete(closed);
      };
      const hear = (message: ServerMessage) => {
        if (!match(message)) return;
        done();
        resolve(message);
      };
      const closed = () => {
        done();
        reject(new Error('closed'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('timeout'));
      }, waitMs);
      listeners.add(hear);
      closers.add(closed);
      if (socket.readyState > WebSocket.OPEN) closed();
    });
  const send = (message: unknown) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  try {
    const hello = await next(is('hello'), timeoutMs);
    const signature = sign(null, Buffer.from(signalAuthPayload(hello.nonce)), key).toString('base64url');
    const ready = next((message): message is ServerMessage => message.type !== 'pong', timeoutMs);
    send({ type: 'auth', deviceId, signature });
    const answer = await ready;
    if (answer.type !== 'ready') throw new Error(`expected ready, got ${answer.type}`);
  } catch (error) {
    socket.terminate();
    throw error;
  }
  return { deviceId, socket, send, next, listen: (listener) => listeners.add(listener) };
}
