import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointPerTest } from '../../../support/endpointPerTest';
import { hubDevice } from './hubClient';
import WebSocket from 'ws';
import { SIGNAL_PATH } from '../../../../src-shared/signaling/protocol';

describe('the signaling hub under malformed input (fuzzed)', () => {
  const endpoint = endpointPerTest();

  it('refuses an unauthenticated device, a forged signature and an unknown device', async () => {
    const socket = new WebSocket(`${endpoint().url.replace('http', 'ws')}${SIGNAL_PATH}`);
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'auth', deviceId: '123456789', signature: 'AAAA' }));
    expect(await closed).toBe(4401);
    expect(messages.at(-1)).toMatchObject({ type: 'error', code: 'unauthenticated' });
  });

  it('answers every malformed message with a typed refusal and keeps serving', async () => {
    const a = await hubDevice(endpoint().url, '111111111');
    const b = await hubDevice(endpoint().url, '222222222');
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
            'liveview-subscribe',
            'liveview-unsubscribe',
            'computers-subscribe',
            'computers-unsubscribe',
            'connect-help',
          ),
          requestId: fc.oneof(fc.uuid(), fc.string()),
          target: fc.oneof(fc.constant('222222222'), fc.string()),
          route: fc.string(),
          payload: fc.jsonValue(),
          reason: fc.string(),
          supporter: fc.oneof(fc.constant({ name: 'Mallory', company: '' }), fc.jsonValue()),
          access: fc.constantFrom('full', 'view', 'admin'),
          // Strings, and tickets and help grants shaped as the endpoint's (two base64url parts) that it never signed.
          grant: fc.oneof(
            fc.string(),
            fc
              .tuple(fc.base64String({ minLength: 4 }), fc.base64String({ minLength: 4 }))
              .map(([payload, mac]) =>
                `${payload}.${mac}`.replace(/[+/=]/g, (c) => ({ '+': '-', '/': '_', '=': 'A' })[c]!),
              ),
          ),
          ticket: fc.oneof(
            fc.string(),
            fc
              .tuple(fc.base64String({ minLength: 4 }), fc.base64String({ minLength: 4 }))
              .map(([payload, mac]) =>
                `${payload}.${mac}`.replace(/[+/=]/g, (c) => ({ '+': '-', '/': '_', '=': 'A' })[c]!),
              ),
          ),
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
          expect(['error', 'code-created', 'code-info', 'liveview-refused', 'computers-refused']).toContain(reply.type);
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
