import type { KeyObject } from 'node:crypto';
import WebSocket from 'ws';
import { authenticatedSocket, is, registerDevice, type DeviceSocket } from './deviceSocket';

/**
 * One of the presence bench's client processes (each socket is a file descriptor here too, and a
 * process may hold only so many): it registers its share of devices, opens their authenticated
 * sockets up to a count and pings every held one, as told over IPC by bench/scale/presence.ts.
 */
export type WorkerOrder =
  | { op: 'register'; url: string; firstId: number; count: number; boundS: number }
  | { op: 'open'; upTo: number; boundS: number }
  | { op: 'ping' };
export type WorkerAnswer =
  | { op: 'registered'; registered: number; failed: number }
  | { op: 'opened'; failed: number }
  | { op: 'pinged'; alive: number; failed: number; dropped: number };

/** Runs `work` on `count` items with at most `parallel` at once, starting none after `boundS` seconds. */
async function pool(count: number, parallel: number, boundS: number, work: (i: number) => Promise<void>) {
  const deadline = performance.now() + boundS * 1000;
  let next = 0;
  const lane = async () => {
    while (next < count && performance.now() < deadline) await work(next++);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

let url = '';
let firstId = 0;
const keys: (KeyObject | null)[] = [];
const sockets: DeviceSocket[] = [];
let dropped = 0;

async function handle(order: WorkerOrder): Promise<WorkerAnswer> {
  switch (order.op) {
    case 'register': {
      ({ url, firstId } = order);
      let failed = 0;
      await pool(order.count, 8, order.boundS, async (i) => {
        keys[i] = await registerDevice(url, String(firstId + i)).catch(() => {
          failed++;
          return null;
        });
      });
      return { op: 'registered', registered: keys.filter(Boolean).length, failed };
    }
    case 'open': {
      const from = sockets.length;
      let failed = 0;
      await pool(Math.min(order.upTo, keys.length) - from, 50, order.boundS, async (j) => {
        const key = keys[from + j];
        if (!key) return;
        try {
          const device = await authenticatedSocket(url, String(firstId + from + j), key, 20_000);
          device.socket.once('close', () => dropped++);
          sockets.push(device);
        } catch {
          failed++;
        }
      });
      return { op: 'opened', failed };
    }
    case 'ping': {
      const held = sockets.filter((device) => device.socket.readyState === WebSocket.OPEN);
      let alive = 0;
      await pool(held.length, 250, Number.POSITIVE_INFINITY, async (k) => {
        const device = held[k]!;
        const pong = device.next(is('pong'), 10_000);
        device.send({ type: 'ping' });
        if (
          await pong.then(
            () => true,
            () => false,
          )
        )
          alive++;
      });
      return { op: 'pinged', alive, failed: held.length - alive, dropped };
    }
  }
}

process.on('message', (order: WorkerOrder) => {
  handle(order).then(
    (answer) => process.send!(answer),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
// The bench's end closes the channel: drop every socket and leave.
process.on('disconnect', () => {
  for (const device of sockets) device.socket.terminate();
  process.exit(0);
});
