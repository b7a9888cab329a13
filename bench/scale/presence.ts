import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnUntil } from '../../tests/support/processes';
import { tempDir } from '../../tests/support/tempDir';
import { elapsedMs, printFigure } from '../support/figures';
import type { WorkerAnswer, WorkerOrder } from './presenceWorker';

/** Client processes: each holds its share of the sockets (a process's open files are limited). */
const WORKERS = 2;

/** The resident memory of process `pid` in KiB, and its open files against its limit, as the kernel counts them. */
function processFigures(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  return {
    rssKib: Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]),
    openFiles: readdirSync(`/proc/${pid}/fd`).length,
    fileLimit: Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1]),
  };
}

function startWorker(): { child: ChildProcess; ask<A extends WorkerAnswer>(order: WorkerOrder): Promise<A> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scale/presenceWorker.ts'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <A extends WorkerAnswer>(order: WorkerOrder) =>
    new Promise<A>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`a presence worker exited (${code})`));
      child.once('exit', exited);
      child.once('message', (answer: A) => {
        child.off('exit', exited);
        resolve(answer);
      });
      child.send(order);
    });
  return { child, ask };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const mib = (kib: number) => Math.round(kib / 102.4) / 10;

/**
 * presence_sockets: one endpoint process (its memory alone, read from /proc) holding devices'
 * authenticated signaling sockets, opened on loopback from client processes in stages, each stage
 * bounded in time. Every device that failed to register, authenticate, stay open or answer a ping
 * is counted. memory_per_socket_kib: the endpoint's RSS growth over the sockets it holds.
 */
export async function presenceFigures(bench: string, stages: readonly number[], stageBoundS: number): Promise<void> {
  const total = stages.at(-1)!;
  const share = (count: number, w: number) => Math.floor(count / WORKERS) + (w < count % WORKERS ? 1 : 0);
  const dir = tempDir('tandem-bench-scale-');
  const endpoint = await spawnUntil<{ url: string }>(
    process.execPath,
    ['out/server/main.cjs', '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'],
    'listening',
  );
  const workers = Array.from({ length: WORKERS }, startWorker);
  try {
    const pid = endpoint.child.pid!;
    // Registration is HTTP, once per device, before any socket: the RSS growth after it is the sockets'.
    const registerStart = process.hrtime.bigint();
    const registered = await Promise.all(
      workers.map((worker, w) =>
        worker.ask<Extract<WorkerAnswer, { op: 'registered' }>>({
          op: 'register',
          url: endpoint.ready.url,
          firstId: 500_000_000 + w * 1_000_000,
          count: share(total, w),
          boundS: stageBoundS,
        }),
      ),
    );
    const registerMs = elapsedMs(registerStart);
    const devices = sum(registered.map((answer) => answer.registered));
    printFigure({
      bench,
      metric: 'device_register_per_s',
      unit: 'devices/s',
      samples: [Math.round((devices / registerMs) * 1000)],
      extra: {
        devices,
        failed: sum(registered.map((answer) => answer.failed)),
        seconds: Math.round(registerMs / 1000),
      },
    });

    await sleep(2000);
    const base = processFigures(pid);
    let failedAuth = 0;
    let kibPerSocket = 0;
    for (const stage of stages) {
      const stageStart = process.hrtime.bigint();
      const opened = await Promise.all(
        workers.map((worker, w) =>
          worker.ask<Extract<WorkerAnswer, { op: 'opened' }>>({
            op: 'open',
            upTo: share(stage, w),
            boundS: stageBoundS,
          }),
        ),
      );
      const openMs = elapsedMs(stageStart);
      failedAuth += sum(opened.map((answer) => answer.failed));
      await sleep(3000);
      // Held: each socket the endpoint still keeps answers a ping through the hub.
      const pinged = await Promise.all(
        workers.map((worker) => worker.ask<Extract<WorkerAnswer, { op: 'pinged' }>>({ op: 'ping' })),
      );
      const alive = sum(pinged.map((answer) => answer.alive));
      const now = processFigures(pid);
      kibPerSocket = Math.round(((now.rssKib - base.rssKib) / Math.max(1, alive)) * 100) / 100;
      printFigure({
        bench,
        metric: 'presence_sockets',
        unit: 'sockets',
        samples: [alive],
        extra: {
          target: stage,
          open_s: Math.round(openMs / 100) / 10,
          failed_auth: failedAuth,
          dropped: sum(pinged.map((answer) => answer.dropped)),
          failed_ping: sum(pinged.map((answer) => answer.failed)),
          endpoint_rss_mib: mib(now.rssKib),
          endpoint_base_rss_mib: mib(base.rssKib),
          kib_per_socket: kibPerSocket,
          endpoint_open_files: now.openFiles,
          endpoint_file_limit: now.fileLimit,
        },
      });
      if (alive < stage) break;
    }
    printFigure({ bench, metric: 'memory_per_socket_kib', unit: 'KiB', samples: [kibPerSocket] });
  } finally {
    for (const { child } of workers) child.disconnect();
    await endpoint.stop();
    dir.cleanup();
  }
}
