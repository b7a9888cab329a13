import { createHash, createHmac, randomUUID, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPENAPI_PATH, type RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { sdpFingerprint } from '../../../../src-shared/signaling/peerMessages';
import { tempDir } from '../../../support/tempDir';
import { hubDevice, is } from './hubClient';

const supporter = { name: 'Sam', company: 'Help desk' };

/** The sourceKey a host sees when `supporterId` asks it for a session. */
async function sourceKeySeenBy(server: RunningServer, supporterId: string, hostId: string, hostKey?: KeyObject) {
  const s = await hubDevice(server.url, supporterId);
  const h = await hubDevice(server.url, hostId, hostKey);
  s.send({ type: 'connect', requestId: randomUUID(), target: hostId, supporter, access: 'full' });
  const incoming = await h.waitFor(is('incoming'));
  s.socket.close();
  h.socket.close();
  await h.closed;
  return { incoming, hello: h.ready, hostKey: h.privateKey };
}

/** Every key derivation a host could try with values it knows, over the given addresses. */
function guesses(knownValues: string[], addresses: string[], hostId: string): Set<string> {
  const found = new Set<string>();
  const digests = (key: string | null, input: string) => {
    const mac = key === null ? createHash('sha256').update(input) : createHmac('sha256', key).update(input);
    const digest = mac.digest();
    for (const encoding of ['base64url', 'base64', 'hex'] as const) {
      const text = digest.toString(encoding);
      found.add(text);
      found.add(text.slice(0, 22));
    }
  };
  const days = [0, -1, 1].map((offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10));
  for (const address of addresses) {
    for (const input of [address, `${hostId}\n${address}`, `${hostId}${address}`]) {
      digests(null, input);
      for (const value of knownValues) {
        digests(value, input);
        for (const day of days) {
          const dayKey = createHmac('sha256', value).update(`tandem-source-key:v1:${day}`).digest('hex');
          digests(dayKey, input);
        }
      }
    }
  }
  return found;
}

describe('what a host learns about its supporter from the hub', () => {
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

  it('a host that knows everything the endpoint publishes cannot recover the supporter’s address', async () => {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    const openapi = await (await fetch(`${server.url}${OPENAPI_PATH}`)).text();
    const { incoming, hello } = await sourceKeySeenBy(server, '200000001', '200000002');
    expect(incoming.sourceKey).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // The attacker's dictionary: the supporter's real address is in it (all of 127.0.0.0/24).
    const addresses = [...Array(256).keys()].flatMap((n) => [`127.0.0.${n}`, `::ffff:127.0.0.${n}`]);
    const published = [
      ...Object.values(health).map(String),
      ...Object.values(hello).flatMap((value) => (typeof value === 'string' ? [value] : [])),
      incoming.requestId,
      incoming.from,
    ];
    expect(published).toContain(health.instanceId);
    expect(guesses(published, addresses, '200000002').has(incoming.sourceKey)).toBe(false);

    // The secret behind the key is in no response.
    const { secret } = await server.data.query
      .selectFrom('signaling_secret')
      .select('secret')
      .executeTakeFirstOrThrow();
    const responses = JSON.stringify(health) + openapi + JSON.stringify(hello) + JSON.stringify(incoming);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      expect(responses).not.toContain(secret.toString(encoding));
    }
  });

  it('gives one host a stable key per source, and two hosts keys they cannot match', async () => {
    const first = await sourceKeySeenBy(server, '200000011', '200000012');
    const again = await sourceKeySeenBy(server, '200000013', '200000012', first.hostKey);
    const otherHost = await sourceKeySeenBy(server, '200000014', '200000015');
    // Same network source, same host: the host's per-source back-off holds across supporters' devices.
    expect(again.incoming.sourceKey).toBe(first.incoming.sourceKey);
    expect(otherHost.incoming.sourceKey).not.toBe(first.incoming.sourceKey);

    // And across a restart of the endpoint: the secret lives in its database.
    await server.close();
    server = await startServer({ dataDir: dir.path, logger: false });
    const afterRestart = await sourceKeySeenBy(server, '200000016', '200000012', first.hostKey);
    expect(afterRestart.incoming.sourceKey).toBe(first.incoming.sourceKey);
  });
});

const SUPPORTER_LAN = '192.168.1.20';
const SUPPORTER_PUBLIC = '203.0.113.7';
const TURN_RELAY = '198.51.100.9';
const FINGERPRINT = `sha-256 ${Array(32).fill('AB').join(':')}`;
const offer = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=application 50000 UDP/DTLS/SCTP webrtc-datachannel',
  `c=IN IP4 ${SUPPORTER_PUBLIC}`,
  `a=rtcp:50001 IN IP4 ${SUPPORTER_PUBLIC}`,
  `a=candidate:1 1 udp 2122260223 ${SUPPORTER_LAN} 50000 typ host generation 0`,
  'a=candidate:2 1 udp 2122260223 0c8d1f2e-7a3b-4c5d-9e8f-0123456789ab.local 50002 typ host generation 0',
  `a=candidate:3 1 udp 1686052607 ${SUPPORTER_PUBLIC} 50000 typ srflx raddr ${SUPPORTER_LAN} rport 50000 generation 0`,
  `a=candidate:4 1 udp 41885439 ${TURN_RELAY} 61000 typ relay raddr ${SUPPORTER_PUBLIC} rport 50000 generation 0`,
  'a=ice-ufrag:abcd',
  'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  `a=fingerprint:${FINGERPRINT}`,
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  '',
].join('\r\n');
const candidate = (line: string) => ({
  kind: 'signal',
  signal: { type: 'candidate', candidate: { candidate: line, sdpMid: '0', sdpMLineIndex: 0 } },
});

describe('--turn-only: the hub passes a partner nothing but relay addresses', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  const turn = { urls: ['turn:127.0.0.1:3478'], secret: 's'.repeat(32), ttlSeconds: 600, relayOnly: true };
  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false, turn });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('a hostile host never receives the supporter’s host, mDNS or srflx address, and the fingerprint stays bound', async () => {
    const s = await hubDevice(server.url, '300000001');
    const h = await hubDevice(server.url, '300000002');
    expect(s.ready.iceTransportPolicy).toBe('relay');
    const requestId = randomUUID();
    s.send({ type: 'connect', requestId, target: '300000002', supporter, access: 'full' });
    await h.waitFor(is('incoming'));

    const relay = (payload: unknown) => s.send({ type: 'relay', requestId, payload });
    relay(candidate(`candidate:1 1 udp 2122260223 ${SUPPORTER_LAN} 50000 typ host generation 0`));
    relay(candidate('candidate:2 1 udp 2122260223 0c8d1f2e-7a3b-4c5d-9e8f-0123456789ab.local 50002 typ host'));
    relay(candidate(`candidate:3 1 tcp 1518280447 ${SUPPORTER_PUBLIC} 9 typ srflx raddr ${SUPPORTER_LAN} rport 0`));
    relay(candidate(`candidate:5 1 udp 1845501695 ${SUPPORTER_PUBLIC} 50000 typ prflx raddr ${SUPPORTER_LAN} rport 1`));
    relay(candidate(`candidate:4 1 udp 41885439 ${TURN_RELAY} 61000 typ relay raddr ${SUPPORTER_PUBLIC} rport 50000`));
    relay({ kind: 'signal', signal: { type: 'offer', sdp: offer } });
    relay({ smuggled: SUPPORTER_PUBLIC });
    expect(await s.waitFor(is('error'))).toMatchObject({ code: 'invalid_message', requestId });
    relay({ kind: 'foreground', app: 'end of test', title: '' });

    const received: unknown[] = [];
    for (;;) {
      const message = await h.waitFor(is('relay'));
      if ((message.payload as { kind?: string }).kind === 'foreground') break;
      received.push(message.payload);
    }
    const seen = JSON.stringify(received);
    for (const address of [SUPPORTER_LAN, SUPPORTER_PUBLIC, '.local']) expect(seen).not.toContain(address);
    expect(received).toHaveLength(2);
    expect(received[0]).toEqual(
      candidate(`candidate:4 1 udp 41885439 ${TURN_RELAY} 61000 typ relay raddr 0.0.0.0 rport 0`),
    );
    const sdp = (received[1] as { signal: { type: string; sdp: string } }).signal;
    expect(sdp.type).toBe('offer');
    expect(sdp.sdp).toContain(`${TURN_RELAY} 61000 typ relay`);
    expect(sdpFingerprint(sdp.sdp)).toBe(sdpFingerprint(offer));
    expect(sdpFingerprint(sdp.sdp)).toBe(FINGERPRINT);
    s.socket.close();
    h.socket.close();
  });

  it('hides the host’s addresses from the supporter the same way', async () => {
    const s = await hubDevice(server.url, '300000011');
    const h = await hubDevice(server.url, '300000012');
    const requestId = randomUUID();
    s.send({ type: 'connect', requestId, target: '300000012', supporter, access: 'full' });
    await h.waitFor(is('incoming'));
    h.send({ type: 'relay', requestId, payload: candidate('candidate:1 1 udp 2122260223 10.0.0.5 40000 typ host') });
    h.send({ type: 'relay', requestId, payload: { kind: 'foreground', app: 'marker', title: '' } });
    expect((await s.waitFor(is('relay'))).payload).toMatchObject({ kind: 'foreground' });
    s.socket.close();
    h.socket.close();
  });
});
