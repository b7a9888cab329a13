import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiCaller } from '../../tests/support/apiCall';
import { deviceRequestHeaders, endpointInstanceId } from '../../tests/support/deviceRequest';
import { spawnUntil } from '../../tests/support/processes';
import { tempDir } from '../../tests/support/tempDir';
import { printFigure } from '../support/figures';
import { authenticatedSocket, registerDevice } from '../scale/deviceSocket';
import type { ServerMessage } from '../../src-shared/signaling/protocol';
import { COALESCE_MS } from '../../server/liveview/liveViewFeed';
import type { WorkerAnswer, WorkerOrder } from './helpSessionWorker';
import { uiFigures } from './ui';

/*
 * bench/live-view (issue 15), the endpoint's part: one endpoint process with N open help sessions
 * (TANDEM_BENCH_SESSIONS, default 10,000; TANDEM_BENCH_QUICK=1: 500), each reporting its presence
 * every 15 s from two client processes, and a supporter's signaling socket subscribed to the
 * company's Live View.
 * presence_update_ms: an end user's status changes (a presence report from the device) → the
 *   supporter's socket receives the row's upsert, while every session sends heartbeats; floor: the
 *   same change, in the same run, while only 100 sessions are open. Sessions report from the
 *   moment they open (one left silent for 35 s is gone), and every late or failed report counts.
 * endpoint_memory_per_1k_mib: the endpoint's RSS growth per 1,000 open help sessions.
 * endpoint_cpu_per_1k_pct: the endpoint's CPU (one core = 100) over 15 s of heartbeats, per 1,000.
 * Then, on the same loaded endpoint, real apps in Chromium (./ui.ts): get_help_to_row_ms and
 * live_view_frame_ms.
 */
const BENCH = 'live-view';
const quick = process.env.TANDEM_BENCH_QUICK === '1';
const SESSIONS = Number(process.env.TANDEM_BENCH_SESSIONS ?? (quick ? 500 : 10_000));
const SAMPLES = quick ? 30 : 100;
/** Sessions open while the floor is measured. */
const FLOOR_SESSIONS = quick ? 20 : 100;
const WORKERS = 2;
const run = promisify(execFile);

function startWorker() {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/live-view/helpSessionWorker.ts'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <K extends WorkerAnswer['op']>(order: WorkerOrder) =>
    new Promise<Extract<WorkerAnswer, { op: K }>>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`a help session worker exited (${code})`));
      child.once('exit', exited);
      child.once('message', (answer: Extract<WorkerAnswer, { op: K }>) => {
        child.off('exit', exited);
        resolve(answer);
      });
      child.send(order);
    });
  return { child, ask };
}

/** The process's resident memory (KiB) and CPU time so far (clock ticks), as the kernel counts them. */
function processFigures(pid: number) {
  const rssKib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  // Fields 14 and 15 of /proc/PID/stat (after the command in parentheses): user and system time.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssKib, cpuTicks: Number(fields[11]) + Number(fields[12]) };
}
/** USER_HZ: what /proc counts CPU time in, 100 on Linux. */
const TICKS_PER_S = 100;

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

async function main(): Promise<void> {
  const dir = tempDir('tandem-bench-liveview-');
  const endpoint = await spawnUntil<{ url: string }>(
    process.execPath,
    ['out/server/main.cjs', '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'],
    'listening',
  );
  const url = endpoint.ready.url;
  const workers = Array.from({ length: WORKERS }, startWorker);
  try {
    // The company, its administrator, a supporter holding liveview.view and an enrolment token.
    const password = 'bench admin passphrase';
    await run(
      process.execPath,
      [
        'out/server/main.cjs',
        'create-company',
        '--data-dir',
        dir.path,
        '--company',
        'Acme',
        '--admin-name',
        'Ada',
        '--admin-email',
        'ada@acme.test',
      ],
      { env: { ...process.env, TANDEM_ADMIN_PASSWORD: password } },
    );
    const call = apiCaller(() => url);
    const admin = (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password })).body!
      .token as string;
    const role = await call(
      'POST',
      '/api/v1/admin/roles',
      { name: 'Supporters', permissions: ['liveview.view'] },
      admin,
    );
    await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'sam@acme.test', name: 'Sam', password: 'a long password', roleId: role.body!.id },
      admin,
    );
    const sam = (await call('POST', '/api/v1/auth/sign-in', { email: 'sam@acme.test', password: 'a long password' }))
      .body!.token as string;
    const enrolToken = (await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Bench' }, admin)).body!
      .token as string;
    const audience = await endpointInstanceId(url);

    // The supporter's device: its socket, and a Live View ticket signed by the device with Sam's session.
    const supporterId = '900000001';
    const supporterKey = await registerDevice(url, supporterId);
    const supporter = await authenticatedSocket(url, supporterId, supporterKey, 10_000);
    await sleep(1000);
    const before = processFigures(endpoint.child.pid!);
    let nextId = 600_000_000;
    /** `count` more end users ask for help, split over the workers; every one keeps reporting. */
    const open = async (count: number) => {
      const answers = await Promise.all(
        workers.map((worker, w) => {
          const share = Math.floor(count / WORKERS) + (w < count % WORKERS ? 1 : 0);
          const firstId = nextId;
          nextId += share;
          return worker.ask<'opened'>({
            op: 'open',
            url,
            audience,
            enrolToken,
            firstId,
            count: share,
            boundS: quick ? 60 : 400,
          });
        }),
      );
      return {
        sessions: sum(answers.map((answer) => answer.opened)),
        failed: sum(answers.map((answer) => answer.failed)),
      };
    };

    // The supporter's socket follows the company's Live View; what it is told is kept here.
    const rows = new Map<string, string>();
    let silentRemoved = 0;
    const arrivals = new Map<string, bigint>();
    supporter.listen((message: ServerMessage) => {
      if (message.type === 'liveview-snapshot') {
        for (const row of message.helpSessions) rows.set(row.id, row.status);
      } else if (message.type === 'liveview-upsert') {
        rows.set(message.helpSession.id, message.helpSession.status);
        arrivals.set(`${message.helpSession.id} ${message.helpSession.status}`, process.hrtime.bigint());
      } else if (message.type === 'liveview-remove') {
        rows.delete(message.id);
        if (message.reason === 'silent') silentRemoved++;
      }
    });
    /** Subscribes with a fresh ticket (one lasts 5 minutes); resolves once the snapshot is in. */
    const subscribe = async () => {
      const snapshotDone = supporter.next(
        (message): message is Extract<ServerMessage, { type: 'liveview-snapshot' }> =>
          message.type === 'liveview-snapshot' && message.done,
        60_000,
      );
      const path = '/api/v1/liveview/subscription';
      const headers = deviceRequestHeaders(supporterId, supporterKey, { method: 'POST', path, audience });
      const ticket = (await (
        await fetch(`${url}${path}`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${sam}` } })
      ).json()) as { ticket: string };
      rows.clear();
      supporter.send({ type: 'liveview-subscribe', ticket: ticket.ticket });
      await snapshotDone;
      return rows.size;
    };

    /** One end user's status changes; the time until the supporter's socket has the row's upsert, or null (lost, 5 s). */
    let flips = 0;
    const change = async (): Promise<number | null> => {
      const worker = workers[flips % WORKERS]!;
      const flipped = await worker.ask<'flipped'>({ op: 'flip', index: Math.floor(flips++ / WORKERS) * 7 });
      if (!flipped.ok) return null;
      const key = `${flipped.id} ${flipped.status}`;
      const until = performance.now() + 5000;
      while (!arrivals.has(key) && performance.now() < until) await sleep(1);
      const arrived = arrivals.get(key);
      arrivals.delete(key);
      return arrived === undefined ? null : Number(arrived - BigInt(flipped.sentAt)) / 1e6;
    };
    const measure = async (count: number) => {
      const samples: number[] = [];
      let lost = 0;
      for (let i = 0; i < count; i++) {
        const took = await change();
        if (took === null) lost++;
        else samples.push(took);
        // Past the feed's coalescing window: each change goes out as it happens, not with the next batch.
        await sleep(COALESCE_MS + 50);
      }
      return { samples, lost };
    };

    // The floor: the same change on a quiet endpoint, a few sessions open (and reporting).
    const few = await open(FLOOR_SESSIONS);
    for (const worker of workers) await worker.ask<'heartbeats'>({ op: 'heartbeats', on: true });
    await subscribe();
    const floor = await measure(SAMPLES);

    // Then everyone else asks for help, every session reporting every 15 s as it opens.
    const rest = await open(SESSIONS - FLOOR_SESSIONS);
    const sessions = few.sessions + rest.sessions;
    const failedOpen = few.failed + rest.failed;
    await sleep(2000);
    const after = processFigures(endpoint.child.pid!);
    const snapshotRows = await subscribe();
    // One full round of heartbeats with everyone open before measuring.
    await sleep(quick ? 5000 : 16_000);
    const cpuStart = processFigures(endpoint.child.pid!).cpuTicks;
    const cpuStartAt = performance.now();
    const loaded = await measure(SAMPLES);
    const cpuSeconds = (processFigures(endpoint.child.pid!).cpuTicks - cpuStart) / TICKS_PER_S;
    const cpuPct = (cpuSeconds / ((performance.now() - cpuStartAt) / 1000)) * 100;

    const beats = await Promise.all(workers.map((worker) => worker.ask<'heartbeats'>({ op: 'heartbeats', on: true })));

    const thousands = Math.max(sessions, 1) / 1000;
    printFigure({
      bench: BENCH,
      metric: 'presence_update_ms',
      unit: 'ms',
      samples: loaded.samples,
      floor: floor.samples,
      extra: {
        sessions,
        failed_open: failedOpen,
        snapshot_rows: snapshotRows,
        sent: SAMPLES,
        lost: loaded.lost,
        floor_lost: floor.lost,
        heartbeats_sent: sum(beats.map((answer) => answer.sent)),
        heartbeats_failed: sum(beats.map((answer) => answer.failed)),
        heartbeats_late: sum(beats.map((answer) => answer.late)),
        silent_removed: silentRemoved,
      },
    });
    printFigure({
      bench: BENCH,
      metric: 'endpoint_memory_per_1k_mib',
      unit: 'MiB',
      samples: [Math.round(((after.rssKib - before.rssKib) / 1024 / thousands) * 100) / 100],
      extra: { sessions, endpoint_rss_mib: Math.round(after.rssKib / 102.4) / 10 },
    });
    printFigure({
      bench: BENCH,
      metric: 'endpoint_cpu_per_1k_pct',
      unit: '% of a core',
      samples: [Math.round((cpuPct / thousands) * 100) / 100],
      extra: { sessions, endpoint_cpu_pct: Math.round(cpuPct * 10) / 10, heartbeat_interval_s: 15 },
    });
    // The apps, while every session keeps beating and statuses keep changing (about 40 a second).
    await uiFigures(BENCH, {
      url,
      enrolToken,
      supporter: { email: 'sam@acme.test', password: 'a long password' },
      sessions,
      churn: async () => {
        await workers[flips % WORKERS]!.ask<'flipped'>({ op: 'flip', index: Math.floor(flips++ / WORKERS) * 13 });
        await sleep(25);
      },
      runs: quick ? 5 : 20,
    });
    supporter.socket.close();
  } finally {
    for (const { child } of workers) child.disconnect();
    await endpoint.stop();
    dir.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
