import type { KeyObject } from 'node:crypto';
import { PRESENCE_HEARTBEAT_MS, type Presence } from '../../src-shared/liveview/contract';
import { deviceRequestHeaders } from '../../tests/support/deviceRequest';
import { registerDevice } from '../scale/deviceSocket';

/**
 * One of the Live View bench's client processes: its share of end users' devices register, enrol
 * in the company, ask for help, and then report their presence every 15 s as the app does, as told
 * over IPC by bench/live-view/index.ts. Every request that failed, and every heartbeat sent later
 * than due (the process could not keep up), is counted.
 */
export type WorkerOrder =
  | { op: 'open'; url: string; audience: string; enrolToken: string; firstId: number; count: number; boundS: number }
  | { op: 'heartbeats'; on: boolean }
  | { op: 'flip'; index: number };
export type WorkerAnswer =
  | { op: 'opened'; opened: number; failed: number }
  | { op: 'heartbeats'; sent: number; failed: number; late: number }
  | { op: 'flipped'; id: string; status: Presence['status']; sentAt: string; ok: boolean };

interface Device {
  deviceId: string;
  key: KeyObject;
  helpSessionId: string;
  status: Presence['status'];
}

let url = '';
let audience = '';
const devices: Device[] = [];
const counts = { sent: 0, failed: 0, late: 0 };
let beating: NodeJS.Timeout | null = null;

const presenceOf = (device: Pick<Device, 'deviceId' | 'status'>): Presence => ({
  status: device.status,
  foregroundApp: 'Outlook',
  deviceName: `PC-${device.deviceId}`,
  os: { name: 'Windows', version: '11' },
  location: 'Vienna',
  tags: [`user${device.deviceId}@acme.test`, 'Sales'],
});

/** A request signed with the device's key, as the main core's endpoint client signs it. */
async function signed(deviceId: string, key: KeyObject, method: string, path: string, body: unknown) {
  const payload = JSON.stringify(body);
  const headers = deviceRequestHeaders(deviceId, key, { method, path, audience, body: payload });
  const response = await fetch(`${url}${path}`, { method, headers, body: payload });
  const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer!;
}

/** Runs `work` on `count` items with at most `parallel` at once, starting none after `boundS` seconds. */
async function pool(count: number, parallel: number, boundS: number, work: (i: number) => Promise<void>) {
  const deadline = performance.now() + boundS * 1000;
  let next = 0;
  const lane = async () => {
    while (next < count && performance.now() < deadline) await work(next++);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

async function open(order: Extract<WorkerOrder, { op: 'open' }>): Promise<WorkerAnswer> {
  ({ url, audience } = order);
  let failed = 0;
  await pool(order.count, 8, order.boundS, async (i) => {
    const deviceId = String(order.firstId + i);
    try {
      const key = await registerDevice(url, deviceId);
      await signed(deviceId, key, 'POST', '/api/v1/devices/me/enroll', { token: order.enrolToken });
      const device = { deviceId, key, status: 'active' as const };
      const opened = await signed(deviceId, key, 'POST', '/api/v1/devices/me/help-session', {
        acknowledgement: { textVersion: 'bench-1', acknowledgedAt: new Date().toISOString() },
        presence: presenceOf(device),
      });
      devices.push({ ...device, helpSessionId: String(opened.id) });
    } catch {
      failed++;
    }
  });
  return { op: 'opened', opened: devices.length, failed };
}

const report = (device: Device) =>
  signed(device.deviceId, device.key, 'PUT', '/api/v1/devices/me/help-session/presence', presenceOf(device));

/**
 * Every device reports every PRESENCE_HEARTBEAT_MS, spread evenly and in turn: each 10 ms tick
 * sends its share of the current devices' reports (devices opened meanwhile join the round). A
 * device whose report is still in flight when its turn comes again counts as late (not doubled).
 */
function startHeartbeats(): void {
  const inFlight = new Set<number>();
  let next = 0;
  let budget = 0;
  let last = performance.now();
  beating = setInterval(() => {
    const now = performance.now();
    budget += ((now - last) / PRESENCE_HEARTBEAT_MS) * devices.length;
    last = now;
    for (; budget >= 1 && devices.length > 0; budget--) {
      const index = next++ % devices.length;
      if (inFlight.has(index)) {
        counts.late++;
        continue;
      }
      inFlight.add(index);
      counts.sent++;
      report(devices[index]!)
        .catch(() => counts.failed++)
        .finally(() => inFlight.delete(index));
    }
  }, 10);
}

async function handle(order: WorkerOrder): Promise<WorkerAnswer> {
  switch (order.op) {
    case 'open':
      return open(order);
    case 'heartbeats':
      if (order.on && !beating) startHeartbeats();
      if (!order.on && beating) {
        clearInterval(beating);
        beating = null;
      }
      return { op: 'heartbeats', ...counts };
    case 'flip': {
      const device = devices[order.index % devices.length]!;
      device.status = device.status === 'active' ? 'idle' : 'active';
      const sentAt = process.hrtime.bigint();
      const ok = await report(device).then(
        () => true,
        () => false,
      );
      return { op: 'flipped', id: device.helpSessionId, status: device.status, sentAt: String(sentAt), ok };
    }
  }
}

process.on('message', (order: WorkerOrder) => {
  void handle(order).then((answer) => process.send!(answer));
});
process.on('disconnect', () => process.exit(0));
