import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpointPerTest } from '../../../support/endpointPerTest';
import type { ServerMessage } from '../../../../src-shared/signaling/protocol';
import { hubDevice, is, openSocket } from './hubClient';

const supporter = { name: 'Flood', company: '' };

/** Collects `count` answers to code-create: a route each, or a refusal. */
async function createCodes(device: Awaited<ReturnType<typeof hubDevice>>, count: number) {
  for (let i = 0; i < count; i++) device.send({ type: 'code-create', supporter, access: 'full' });
  const answers: ServerMessage[] = [];
  while (answers.length < count) {
    const message = await device.next();
    if (message.type === 'code-created' || message.type === 'error') answers.push(message);
  }
  return answers;
}

describe('the signaling hub under load from authenticated devices', () => {
  const endpoint = endpointPerTest();

  it('limits code creation per device and keeps only a device’s five newest codes live', async () => {
    const device = await hubDevice(endpoint().url, '100000001');
    const answers = await createCodes(device, 12);
    const routes = answers.flatMap((answer) => (answer.type === 'code-created' ? [answer.route] : []));
    expect(routes).toHaveLength(10);
    expect(answers.slice(10)).toEqual([
      expect.objectContaining({ type: 'error', code: 'rate_limited', retryAfterMs: expect.any(Number) }),
      expect.objectContaining({ type: 'error', code: 'rate_limited', retryAfterMs: expect.any(Number) }),
    ]);

    const lookup = async (route: string) => {
      device.send({ type: 'code-lookup', route });
      const reply = await device.waitFor((m): m is ServerMessage => m.type === 'code-info' || m.type === 'error');
      return reply.type === 'code-info' ? 'live' : reply.type === 'error' ? reply.code : reply.type;
    };
    const states: string[] = [];
    for (const route of routes) states.push(await lookup(route));
    // Each code beyond the fifth replaced that device's oldest.
    expect(states).toEqual([...Array<string>(5).fill('code_unknown'), ...Array<string>(5).fill('live')]);
    device.socket.close();
  });

  it('limits code creation per network source across devices', async () => {
    const devices = await Promise.all(
      ['100000011', '100000012', '100000013', '100000014'].map((id) => hubDevice(endpoint().url, id)),
    );
    let created = 0;
    for (const device of devices.slice(0, 3)) {
      created += (await createCodes(device, 10)).filter((answer) => answer.type === 'code-created').length;
    }
    expect(created).toBe(30);
    // A fourth device from the same address gets nothing: its own budget is untouched.
    expect(await createCodes(devices[3]!, 1)).toEqual([expect.objectContaining({ code: 'rate_limited' })]);
    for (const device of devices) device.socket.close();
  });

  it('refuses frames larger than any peer message instead of relaying them', async () => {
    const s = await hubDevice(endpoint().url, '100000021');
    const h = await hubDevice(endpoint().url, '100000022');
    const requestId = randomUUID();
    s.send({ type: 'connect', requestId, target: '100000022', supporter, access: 'full' });
    await h.waitFor(is('incoming'));
    s.send({ type: 'relay', requestId, payload: { kind: 'foreground', app: 'x'.repeat(200 * 1024), title: '' } });
    expect(await s.waitFor(is('error'))).toMatchObject({ code: 'payload_too_large' });
    s.send({ type: 'relay', requestId, payload: { kind: 'foreground', app: 'small', title: '' } });
    // The host's next relay is the small one: the large one never reached it.
    expect((await h.waitFor(is('relay'))).payload).toEqual({ kind: 'foreground', app: 'small', title: '' });
    s.socket.close();
    h.socket.close();
  });

  it('bounds the requests waiting at one host and from one supporter', async () => {
    const s = await hubDevice(endpoint().url, '100000031');
    const hosts = await Promise.all(['100000032', '100000033', '100000034'].map((id) => hubDevice(endpoint().url, id)));
    const connect = async (target: string) => {
      const requestId = randomUUID();
      s.send({ type: 'connect', requestId, target, supporter, access: 'full' });
      s.send({ type: 'ping' });
      const reply = await s.waitFor((m): m is ServerMessage => m.type === 'pong' || m.type === 'error');
      if (reply.type !== 'error') return 'asked';
      await s.waitFor(is('pong'));
      return reply.code;
    };
    const atFirstHost: string[] = [];
    for (let i = 0; i < 6; i++) atFirstHost.push(await connect('100000032'));
    expect(atFirstHost).toEqual(['asked', 'asked', 'asked', 'asked', 'asked', 'busy']);
    for (let i = 0; i < 4; i++) expect(await connect('100000033')).toBe('asked');
    // Nine requests from this supporter wait for an answer; ten is the most it may have.
    expect(await connect('100000034')).toBe('asked');
    expect(await connect('100000034')).toBe('rate_limited');
    s.socket.close();
    for (const host of hosts) host.socket.close();
  });

  it('closes a socket that never authenticates', { timeout: 20_000 }, async () => {
    const socket = openSocket(endpoint().url);
    expect(await socket.closed).toBe(4401);
  });

  it('closes a socket that queues far more messages than any client sends', async () => {
    const device = await hubDevice(endpoint().url, '100000041');
    for (let i = 0; i < 1000; i++) device.send({ type: 'ping' });
    expect(await device.closed).toBe(1008);
  });

  it('refuses to authenticate an authenticated socket again', async () => {
    const device = await hubDevice(endpoint().url, '100000051');
    device.send(device.reauth);
    expect(await device.waitFor(is('error'))).toMatchObject({ code: 'invalid_message' });
    device.send({ type: 'ping' });
    await device.waitFor(is('pong'));
    device.socket.close();
  });
});
