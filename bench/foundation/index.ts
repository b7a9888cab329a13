import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { openDesktopDatabase } from '../../src-main/core/db/desktopDatabase';
import { startBrowserMode } from '../../tests/support/browserMode';
import { spawnUntil } from '../../tests/support/processes';
import { tempDir } from '../../tests/support/tempDir';
import { elapsedMs, printFigure } from '../support/figures';

const BENCH = 'foundation';

/** Spawn of the built cloud endpoint until /healthz answers, with a fresh data folder each time. */
async function serverStart(runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = tempDir('tandem-bench-');
    const start = process.hrtime.bigint();
    const server = await spawnUntil<{ url: string }>(
      process.execPath,
      ['out/server/main.cjs', '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'],
      'listening',
    );
    const response = await fetch(`${server.ready.url}/healthz`);
    if (!response.ok) throw new Error(`healthz answered ${response.status}`);
    samples.push(elapsedMs(start));
    await server.stop();
    dir.cleanup();
  }
  return samples;
}

/** Opening the desktop database that already exists (pragmas + migration check). */
function dbOpen(runs: number): number[] {
  const dir = tempDir('tandem-bench-');
  const file = join(dir.path, 'tandem.db');
  openDesktopDatabase(file).close();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const db = openDesktopDatabase(file);
    samples.push(elapsedMs(start));
    db.close();
  }
  dir.cleanup();
  return samples;
}

/** A typed IPC call through the bridge and the core's dispatcher, and back. */
async function bridgeRoundTrip(calls: number): Promise<{ samples: number[]; frameBytes: number }> {
  const dir = tempDir('tandem-bench-');
  const harness = await startBrowserMode(dir.path);
  const { client } = await harness.connectClient();
  const answer = await client.invoke('app.info', {});
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await client.invoke('app.info', {});
    samples.push(elapsedMs(start));
  }
  await harness.close();
  dir.cleanup();
  const frameBytes = JSON.stringify({ kind: 'result', id: 1, result: { ok: true, value: answer } }).length;
  return { samples: samples.slice(Math.floor(calls / 10)), frameBytes };
}

/** The floor: a bare WebSocket echo on loopback with frames of the same size. */
async function echoRoundTrip(calls: number, frameBytes: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => socket.once('open', resolve));
  const payload = 'x'.repeat(frameBytes);
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      socket.once('message', () => resolve());
      socket.send(payload);
    });
    samples.push(elapsedMs(start));
  }
  socket.close();
  await new Promise((resolve) => server.close(resolve));
  return samples.slice(Math.floor(calls / 10));
}

async function main(): Promise<void> {
  printFigure({ bench: BENCH, metric: 'server_start_ms', unit: 'ms', samples: await serverStart(10) });
  printFigure({ bench: BENCH, metric: 'db_open_ms', unit: 'ms', samples: dbOpen(200) });
  const calls = 3000;
  const bridge = await bridgeRoundTrip(calls);
  const floor = await echoRoundTrip(calls, bridge.frameBytes);
  printFigure({ bench: BENCH, metric: 'bridge_rtt_ms', unit: 'ms', samples: bridge.samples, floor });
}

void main();
