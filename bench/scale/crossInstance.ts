import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEndpointInstances } from '../../tests/support/endpointInstances';
import { startRedisServer } from '../../tests/support/redisServer';
import { tempDir } from '../../tests/support/tempDir';
import { elapsedMs, printFigure } from '../support/figures';
import { authenticatedSocket, is, registerDevice, type DeviceSocket } from './deviceSocket';

/** About an ICE candidate's size: what a session's signaling mostly relays. */
const CANDIDATE =
  'candidate:842163049 1 udp 1677729535 127.0.0.1 49203 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sP8x network-cost 999';

interface Pair {
  supporter: DeviceSocket;
  requestId: string;
  lost: number;
  samples: number[];
}

/** A supporter on `supporterUrl` with a request to a host on `hostUrl` that echoes every relay back. */
async function pair(registerUrl: string, supporterUrl: string, hostUrl: string, ids: [string, string]): Promise<Pair> {
  const [hostId, supporterId] = ids;
  const [hostKey, supporterKey] = [
    await registerDevice(registerUrl, hostId),
    await registerDevice(registerUrl, supporterId),
  ];
  const host = await authenticatedSocket(hostUrl, hostId, hostKey, 10_000);
  const supporter = await authenticatedSocket(supporterUrl, supporterId, supporterKey, 10_000);
  const requestId = randomUUID();
  const incoming = host.next(is('incoming'), 10_000);
  supporter.send({ type: 'connect', requestId, target: hostId, supporter: { name: 'Bench' }, access: 'full' });
  await incoming;
  // The end user accepted: the session runs, so no pending-request sweep ends it mid-run.
  host.send({ type: 'started', requestId });
  host.listen((message) => {
    if (message.type === 'relay') host.send({ type: 'relay', requestId, payload: message.payload });
  });
  return { supporter, requestId, lost: 0, samples: [] };
}

/** One relayed signal supporter → host → supporter; a reply missing after 2 s counts as lost. */
async function roundTrip(pair: Pair, seq: number): Promise<void> {
  const start = process.hrtime.bigint();
  const back = pair.supporter.next(
    (message): message is Extract<typeof message, { type: 'relay' }> =>
      message.type === 'relay' && (message.payload as { seq?: number }).seq === seq,
    2000,
  );
  pair.supporter.send({
    type: 'relay',
    requestId: pair.requestId,
    payload: { kind: 'bench', seq, candidate: CANDIDATE },
  });
  try {
    await back;
    pair.samples.push(elapsedMs(start));
  } catch {
    pair.lost++;
  }
}

/**
 * cross_instance_rtt_ms: two endpoint processes on one SQLite data folder and one Redis, linked
 * directly (`--node-url listen`: Redis holds the routes, the messages go instance to instance); the
 * supporter on A, the host on B. Floor: the same round trip with both on A, in turns with the
 * measured one so both see the same machine. Paced below the hub's per-socket message budget.
 */
export async function crossInstanceFigures(bench: string, roundTrips: number): Promise<void> {
  const redis = await startRedisServer();
  const dir = tempDir('tandem-bench-scale-');
  const endpoints = await startEndpointInstances(2, { redis: redis.url, dataDir: dir.path, nodeLinks: true });
  const [a, b] = endpoints.instances.map((instance) => instance.url) as [string, string];
  try {
    const cross = await pair(a, a, b, ['600000001', '600000002']);
    const one = await pair(a, a, a, ['600000003', '600000004']);
    const warmUp = Math.floor(roundTrips / 10);
    for (let seq = 0; seq < roundTrips + warmUp; seq++) {
      // Each round trip after the same pause, in alternating order: one that follows another at once
      // finds its processes still awake, and a fixed order (cross, then one) gave that to the floor.
      for (const measured of seq % 2 === 0 ? [cross, one] : [one, cross]) {
        await sleep(5);
        await roundTrip(measured, seq);
      }
      if (seq === warmUp - 1) for (const measured of [cross, one]) measured.samples.length = 0;
    }
    printFigure({
      bench,
      metric: 'cross_instance_rtt_ms',
      unit: 'ms',
      samples: cross.samples,
      floor: one.samples,
      extra: { sent: roundTrips + warmUp, lost: cross.lost, floor_lost: one.lost },
    });
  } finally {
    await endpoints.close();
    await redis.stop();
    dir.cleanup();
  }
}
