import { afterEach, describe, expect, it } from 'vitest';
import type { PeerSignal } from '../../../../../src-shared/signaling/peerMessages';
import type { ServerMessage } from '../../../../../src-shared/signaling/protocol';
import { fakeSdp, startDevices, type TestDevice } from '../../../../support/corePair';

type Pair = Awaited<ReturnType<typeof startDevices>>;

const candidate = (address: string): PeerSignal => ({
  type: 'candidate',
  candidate: { candidate: `candidate:1 1 udp 2122260223 ${address} 50000 typ host`, sdpMid: '0', sdpMLineIndex: 0 },
});

/**
 * The supporter's window makes its offer and gathers candidates while the password handshake
 * runs, so it is done by the time the host accepts. What it says must still reach nobody who has
 * not proved the password, and the host's window only once its end user has accepted.
 */
describe('the supporter’s peer connection prepared during the handshake', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  /** Every WebRTC signal the host's core receives from the hub, and every one it gives its window. */
  function watchHost(host: TestDevice) {
    const fromHub: PeerSignal[] = [];
    const toWindow: PeerSignal[] = [];
    host.booted.core.signaling.on('message', (message: ServerMessage) => {
      const payload = message.type === 'relay' ? (message.payload as { kind?: string; signal?: PeerSignal }) : null;
      if (payload?.kind === 'signal' && payload.signal) fromHub.push(payload.signal);
    });
    host.booted.core.events.subscribe((event, data) => {
      if (event === 'session.signal') toWindow.push((data as { signal: PeerSignal }).signal);
    });
    return { fromHub, toWindow };
  }

  async function connect(supporter: TestDevice, host: TestDevice, password?: string) {
    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    return supporter.call('session.connect', {
      partnerId: deviceId,
      password: password ?? oneTimePassword,
      access: 'full',
    });
  }

  it('reaches the host once it proved the password, and the host’s window only once the end user accepts', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const seen = watchHost(host);
    const prompted = host.session((view) => view.state === 'prompting');
    const started = await connect(supporter, host);
    const { requestId } = started;
    const offer = fakeSdp('offer', supporter.fingerprint);
    // As the window does: its offer and first candidate while the handshake still runs.
    await supporter.call('session.signal', { requestId, signal: offer });
    await supporter.call('session.signal', { requestId, signal: candidate('192.0.2.10') });
    await prompted;
    await supporter.session((view) => view.requestId === requestId && view.state === 'awaiting_answer');
    // A candidate found once the host is verified goes straight on, behind the held ones.
    await supporter.call('session.signal', { requestId, signal: candidate('192.0.2.11') });
    await expect.poll(() => seen.fromHub.length).toBe(3);
    expect(seen.fromHub).toEqual([offer, candidate('192.0.2.10'), candidate('192.0.2.11')]);
    // The end user has not answered: the host's window has nothing, and may send nothing.
    expect(seen.toWindow).toEqual([]);
    await expect(
      host.call('session.signal', { requestId, signal: fakeSdp('answer', host.fingerprint) }),
    ).rejects.toMatchObject({ code: 'invalid_request' });

    const delivered = host.next('session.signal', (event) => event.requestId === requestId);
    await host.call('session.answerPrompt', { requestId, accept: true });
    expect((await delivered).signal).toEqual(offer);
    expect(seen.toWindow).toEqual([offer, candidate('192.0.2.10'), candidate('192.0.2.11')]);
  });

  it('sends nothing anywhere when the password is wrong: the host’s core receives no signal at all', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const seen = watchHost(host);
    const hostEnded = host.session((view) => view.state === 'ended');
    const started = await connect(supporter, host, 'not-the-password');
    const { requestId } = started;
    await supporter.call('session.signal', { requestId, signal: fakeSdp('offer', supporter.fingerprint) });
    await supporter.call('session.signal', { requestId, signal: candidate('192.0.2.20') });
    const ended = await supporter.session((view) => view.requestId === requestId && view.state === 'ended');
    expect(ended.failure?.code).toBe('wrong_password');
    await hostEnded;
    expect(seen.fromHub).toEqual([]);
    expect(seen.toWindow).toEqual([]);
  });

  it('is not given to the host’s window when the end user denies', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const seen = watchHost(host);
    const prompted = host.session((view) => view.state === 'prompting');
    const { requestId } = await connect(supporter, host);
    await supporter.call('session.signal', { requestId, signal: fakeSdp('offer', supporter.fingerprint) });
    await prompted;
    await expect.poll(() => seen.fromHub.length).toBe(1);
    const denied = supporter.session((view) => view.requestId === requestId && view.state === 'ended');
    await host.call('session.answerPrompt', { requestId, accept: false });
    expect((await denied).failure?.code).toBe('denied');
    expect(seen.toWindow).toEqual([]);
  });

  it('a supporter that skips its own hold gets nothing held by the host before it proves the password', async () => {
    pair = await startDevices(2);
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const seen = watchHost(host);
    const prompted = host.session((view) => view.state === 'prompting');
    const { requestId } = await connect(supporter, host);
    // A modified supporter app relays a signal itself before the handshake is done.
    const early = candidate('198.51.100.1');
    supporter.booted.core.signaling.send({ type: 'relay', requestId, payload: { kind: 'signal', signal: early } });
    await expect.poll(() => seen.fromHub.length).toBe(1);
    await prompted;
    const offer = fakeSdp('offer', supporter.fingerprint);
    await supporter.call('session.signal', { requestId, signal: offer });
    await expect.poll(() => seen.fromHub.length).toBe(2);

    const delivered = host.next('session.signal', (event) => event.requestId === requestId);
    await host.call('session.answerPrompt', { requestId, accept: true });
    expect((await delivered).signal).toEqual(offer);
    expect(seen.toWindow).toEqual([offer]);
  });
});
