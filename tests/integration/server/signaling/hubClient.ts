import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { expect } from 'vitest';
import { Agent, fetch as fetchWith } from 'undici';
import WebSocket from 'ws';
import {
  serverMessageSchema,
  SIGNAL_PATH,
  signalAuthPayload,
  type ServerMessage,
} from '../../../../src-shared/signaling/protocol';

/** A raw device on a hub: its socket, and every reply checked against the protocol. */
export interface HubClient {
  socket: WebSocket;
  next(): Promise<ServerMessage>;
  /** Skips messages until one matches; fails if the socket closes first. */
  waitFor<T extends ServerMessage>(match: (message: ServerMessage) => message is T): Promise<T>;
  send(message: unknown): void;
  closed: Promise<number>;
}

/** `ca`: the certificate an `https` endpoint (a TLS proxy in front) is trusted by. */
export interface HubTls {
  ca: string;
}

export function openSocket(baseUrl: string, tls?: HubTls): HubClient {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}${SIGNAL_PATH}`, tls ? { ca: tls.ca } : {});
  const inbox: ServerMessage[] = [];
  const waiters: ((message: ServerMessage | null) => void)[] = [];
  let isClosed = false;
  const closed = new Promise<number>((resolve) =>
    socket.once('close', (code) => {
      isClosed = true;
      for (const waiter of waiters.splice(0)) waiter(null);
      resolve(code);
    }),
  );
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    const message = serverMessageSchema.parse(JSON.parse(String(data)));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => {
      const queued = inbox.shift();
      if (queued) return resolve(queued);
      if (isClosed) return reject(new Error('the hub closed the socket'));
      waiters.push((message) => (message ? resolve(message) : reject(new Error('the hub closed the socket'))));
    });
  const waitFor = async <T extends ServerMessage>(match: (message: ServerMessage) => message is T): Promise<T> => {
    for (;;) {
      const message = await next();
      if (match(message)) return message;
    }
  };
  const send = (message: unknown) => {
    if (socket.readyState === WebSocket.OPEN)
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  };
  return { socket, next, waitFor, send, closed };
}

/** Registers a device with a fresh key through the public route, as any installation does. */
export async function registerDevice(baseUrl: string, deviceId: string, tls?: HubTls) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const response = await fetchWith(`${baseUrl}/api/v1/devices`, {
    method: 'POST',
    ...(tls ? { dispatcher: new Agent({ connect: { ca: tls.ca } }) } : {}),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      deviceId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: 'hub test',
    }),
  });
  expect(response.status).toBe(200);
  return privateKey;
}

/** A registered device (registered now unless its key is given), connected and authenticated. */
export async function hubDevice(baseUrl: string, deviceId: string, key?: KeyObject, tls?: HubTls) {
  const privateKey = key ?? (await registerDevice(baseUrl, deviceId, tls));
  const client = openSocket(baseUrl, tls);
  await new Promise((resolve) => client.socket.once('open', resolve));
  const hello = await client.next();
  if (hello.type !== 'hello') throw new Error('no hello');
  const signature = sign(null, Buffer.from(signalAuthPayload(hello.nonce)), privateKey).toString('base64url');
  client.send({ type: 'auth', deviceId, signature });
  const ready = await client.next();
  if (ready.type !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(ready)}`);
  /** The same, valid proof once more: what a device re-authenticating on its socket would send. */
  const reauth = { type: 'auth', deviceId, signature };
  return { ...client, ready, reauth, privateKey };
}

export const is =
  <K extends ServerMessage['type']>(type: K) =>
  (message: ServerMessage): message is Extract<ServerMessage, { type: K }> =>
    message.type === type;

export const isError =
  (code: string) =>
  (message: ServerMessage): message is Extract<ServerMessage, { type: 'error' }> =>
    message.type === 'error' && message.code === code;
