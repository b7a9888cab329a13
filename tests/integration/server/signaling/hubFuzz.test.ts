import fc from 'fast-check';
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../../server/app';
import {
  serverMessageSchema,
  SIGNAL_PATH,
  signalAuthPayload,
  type ServerMessage,
} from '../../../../src-shared/signaling/protocol';
import { tempDir } from '../../../support/tempDir';

/** A raw device on the hub: registered key, authenticated socket, every reply checked against the protocol. */
async function device(server: RunningServer, deviceId: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const response = await fetch(`${server.url}/api/v1/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      deviceId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'linux',
      name: 'fuzz',
    }),
  });
  expect(response.status).toBe(200);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}${SIGNAL_PATH}`);
  const inbox: ServerMessage[] = [];
  const waiters: ((message: ServerMessage) => void)[] = [];
  socket.on('message', (data) => {
    const message = serverMessageSchema.parse(JSON.parse(String(data)));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const next = () =>
    new Promise<ServerMessage>((resolve) => {
      const queued = inbox.shift();
      if (queued) resolve(queued);
      else waiters.push(resolve);
    });
  await new Promise((resolve) => socket.once('open', resolve));
  const hello = await next();
  if (hello.type !== 'hello') throw new Error('no hello');
  const signature = sign(null, Buffer.from(signalAuthPayload(hello.nonce)), privateKey).toString('base64url');
  socket.send(JSON.stringify({ type: 'auth', deviceId, signature }));
  expect((await next()).type).toBe('ready');
  return { socket, next };
}

describe('the signaling hub under malformed input (fuzzed)', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('refuses an unauthenticated device, a forged signature and an unknown device', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}${SIGNAL_PATH}`);
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'auth', deviceId: '123456789', signature: 'AAAA' }));
    expect(await closed).toBe(4401);
    expect(messages.at(-1)).toMatchObject({ type: 'error', code: 'unauthenticated' });
  });

  it('answers every malformed message with a typed refusal and keeps serving', async () => {
    const a = await device(server, '111111111');
    const b = await device(server, '222222222');
    const message = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({
          type: fc.constantFrom(
            'connect',
            'relay',
            'end',
            'code-lookup',
            'code-join',
            'started',
            'code-create',
            'auth',
          ),
          requestId: fc.oneof(fc.uuid(), fc.string()),
          target: fc.oneof(fc.constant('222222222'), fc.string()),
          route: fc.string(),
          payload: fc.jsonValue(),
          reason: fc.string(),
        })
        .map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        a.socket.send(text);
        a.socket.send(JSON.stringify({ type: 'ping' }));
        // Whatever the message did, the hub still answers, in protocol, and in order.
        let reply = await a.next();
        while (reply.type !== 'pong') {
          expect(['error', 'code-created', 'code-info']).toContain(reply.type);
          reply = await a.next();
        }
      }),
      { numRuns: 250 },
    );
    // The partner was never sent anything it did not ask for, except connection requests.
    b.socket.send(JSON.stringify({ type: 'ping' }));
    let reply = await b.next();
    while (reply.type !== 'pong') {
      expect(['incoming', 'relay', 'ended', 'code-joined']).toContain(reply.type);
      reply = await b.next();
    }
    a.socket.close();
    b.socket.close();
  });
});
