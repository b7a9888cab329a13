import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DESKTOP_DB_FILE, openDesktopDatabase } from '../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../src-main/core/insights/builtinSummarizer';
import { SummaryCache, ftsQuery } from '../../src-main/core/insights/summaryCache';
import { workerReader } from '../../src-main/core/insights/summaryReader';
import type { LoggedEvent, SummaryFields } from '../../src-shared/domain/summary';
import { tempDir } from '../../tests/support/tempDir';
import { memoryLogger } from '../../tests/support/silentLogger';
import { spawnUntil } from '../../tests/support/processes';
import { accountWithClient } from '../../tests/support/accountClient';
import { SummarySync, userChannel } from '../../src-main/core/insights/summarySync';
import { elapsedMs, printFigure } from '../support/figures';
import { readSetupToken } from '../../server/accounts/setupToken';

/*
 * bench/insights: the desktop summary cache at 100,000 summaries, each operation against the
 * same work as a bare better-sqlite3 statement; the built-in summarizer on a one-hour log; and
 * sync through the real cloud endpoint on loopback: 10k changes from one device to another, and
 * what one idle sync run (nothing changed) costs in requests and bytes. The endpoint runs as its
 * own process (the built `out/server/main.cjs`, as an operator runs it), not on the devices' event loop.
 * TANDEM_BENCH_INSIGHTS=sync runs the sync figures alone (`TANDEM_BENCH_INSIGHTS=sync npm run bench -- insights`).
 */
const BENCH = 'insights';
const SUMMARIES = 100_000;
const WORDS = [
  'printer',
  'vpn',
  'outlook',
  'password',
  'slow',
  'driver',
  'monitor',
  'phishing',
  'drucker',
  'netzwerk',
  'konto',
  'update',
];

const fixtures = ['printer-en', 'outlook-en', 'vpn-de', 'password-de', 'slow-pc-en'].map(
  (name) =>
    JSON.parse(readFileSync(`tests/fixtures/sessions/${name}.json`, 'utf8')) as SummaryInput & {
      language: 'en' | 'de';
    },
);
const variants: SummaryFields[] = fixtures.map((fixture) => summarizeBuiltin(fixture, fixture.language));
const pick = <T>(items: readonly T[], i: number) => items[i % items.length]!;

function oneHourLog(): SummaryInput {
  const start = Date.parse('2026-11-20T09:00:00Z');
  const log: LoggedEvent[] = [];
  for (let second = 0; second < 3600; second += 10) {
    const at = new Date(start + second * 1000).toISOString();
    log.push({
      at,
      kind: 'chat',
      data: {
        from: second % 20 === 0 ? 'partner' : 'me',
        text: `Step ${second}: checking the ${pick(WORDS, second)} settings again.`,
      },
    });
    if (second % 60 === 0)
      log.push({ at, kind: 'foreground', data: { app: `App ${(second / 60) % 12}`, title: `Window ${second}` } });
  }
  return {
    log,
    perspective: 'supporter',
    supporterName: 'Ada',
    endUserName: 'Tom',
    device: { id: '123456789', os: 'windows' },
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 3_600_000).toISOString(),
  };
}

async function main(): Promise<void> {
  const dir = tempDir('tandem-bench-');
  const db = openDesktopDatabase(join(dir.path, DESKTOP_DB_FILE));
  const cache = new SummaryCache(db);

  // Fill the cache with 100k summaries (setup, not measured), as the cache itself would store them.
  const insertSummary = db.prepare(
    'INSERT INTO summaries (id, request_id, company_id, created_at, updated_at, version, fields, sort_key) VALUES (?, ?, ?, ?, ?, 1, ?, ?)',
  );
  const insertFts = db.prepare(
    'INSERT INTO summaries_fts (rowid, title, body, applications, issue_types) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < SUMMARIES; i++) {
      const fields = { ...pick(variants, i), title: `${pick(variants, i).title} #${i} ${pick(WORDS, i * 7)}` };
      const id = randomUUID();
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      // The sort key as the cache makes it: creation time in ms × 1024 (one summary a minute here).
      const sortKey = Date.parse(at) * 1024;
      insertSummary.run(id, `request-${i}`, 'acme', at, at, JSON.stringify(fields), sortKey);
      insertFts.run(
        sortKey,
        fields.title,
        [fields.problem, ...fields.actionsTaken, fields.outcome].join('\n'),
        fields.applications.join(' '),
        fields.issueTypes.map((t) => t.type).join(' '),
      );
    }
  })();

  const time = (runs: number, work: (i: number) => void) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      work(i);
      samples.push(elapsedMs(start));
    }
    return samples;
  };

  // cache_insert_ms: a new summary (row, search index, outbox) in one transaction; floor: the bare row insert.
  const insertFloor = db.transaction((i: number) => {
    const at = new Date().toISOString();
    insertSummary.run(randomUUID(), `floor-${i}`, 'acme', at, at, JSON.stringify(pick(variants, i)), null);
  });
  printFigure({
    bench: BENCH,
    metric: 'cache_insert_ms',
    unit: 'ms',
    samples: time(300, (i) => cache.add(`bench-${i}`, 'acme', pick(variants, i))),
    floor: time(300, (i) => insertFloor(i)),
  });

  // cache_page_ms: a page of 50, newest first, anywhere in the list; floor: the bare SELECT.
  const pageFloor = db.prepare(
    'SELECT id, fields FROM summaries WHERE deleted = 0 ORDER BY sort_key DESC LIMIT 50 OFFSET ?',
  );
  printFigure({
    bench: BENCH,
    metric: 'cache_page_ms',
    unit: 'ms',
    samples: time(200, (i) => cache.list({ limit: 50, offset: (i * 997) % (SUMMARIES - 50) })),
    floor: time(200, (i) => pageFloor.all((i * 997) % (SUMMARIES - 50))),
  });

  // cache_search_ms: full-text search as typed — the newest 50 matches and their count, as the
  // list shows them; floor: the FTS5 index alone answering the newest 50 matches of the same word.
  const indexAlone = db.prepare(
    'SELECT rowid FROM summaries_fts WHERE summaries_fts MATCH ? ORDER BY rowid DESC LIMIT 50',
  );
  printFigure({
    bench: BENCH,
    metric: 'cache_search_ms',
    unit: 'ms',
    samples: time(100, (i) => cache.list({ query: pick(WORDS, i), limit: 50, offset: 0 })),
    floor: time(100, (i) => indexAlone.all(ftsQuery(pick(WORDS, i)))),
  });

  // The same searches as the app runs them: in the read worker (its own read-only connection).
  // cache_search_worker_ms: a search's round trip through the worker; floor: the same search on
  // this thread. main_thread_stall_ms: the longest the main thread could not run anything during
  // each search (a 1 ms timer's largest gap) — in the worker, and (main_thread_stall_inline_ms) as
  // it was with the reads on the main thread, where Electron's windows freeze for as long.
  const reader = workerReader({
    file: join(dir.path, DESKTOP_DB_FILE),
    workerFile: resolve('out/bridge/summaryReadWorker.cjs'),
    log: memoryLogger().log,
    fallback: cache,
  });
  await reader.read('facetValues');
  const stalls = async (runs: number, work: (i: number) => Promise<unknown>) => {
    const took: number[] = [];
    const stalled: number[] = [];
    for (let i = 0; i < runs; i++) {
      let last = performance.now();
      let longest = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 1);
      const start = process.hrtime.bigint();
      await work(i);
      took.push(elapsedMs(start));
      // The timer's own gap once the work is done counts too (an inline read blocks until here).
      await new Promise((resolve) => setTimeout(resolve, 2));
      clearInterval(timer);
      stalled.push(longest);
    }
    return { took, stalled };
  };
  const inWorker = await stalls(100, (i) => reader.read('list', { query: pick(WORDS, i), limit: 50, offset: 0 }));
  const onMain = await stalls(100, async (i) => cache.list({ query: pick(WORDS, i), limit: 50, offset: 0 }));
  reader.close();
  printFigure({
    bench: BENCH,
    metric: 'cache_search_worker_ms',
    unit: 'ms',
    samples: inWorker.took,
    floor: onMain.took,
  });
  printFigure({ bench: BENCH, metric: 'main_thread_stall_ms', unit: 'ms', samples: inWorker.stalled });
  printFigure({ bench: BENCH, metric: 'main_thread_stall_inline_ms', unit: 'ms', samples: onMain.stalled });

  // summarize_builtin_ms: the built-in summarizer on a one-hour session log (360 chat lines, 60 app changes).
  const hour = oneHourLog();
  printFigure({
    bench: BENCH,
    metric: 'summarize_builtin_ms',
    unit: 'ms',
    samples: time(30, (i) => summarizeBuiltin(hour, i % 2 ? 'de' : 'en')),
  });

  db.close();
  dir.cleanup();

  await syncFigures();
}

/** Counts what goes over the wire: requests, and (unless `bytes` is false) request plus response body bytes. */
function meterFetch({ bytes = true } = {}) {
  const meter = { requests: 0, bytes: 0 };
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    meter.requests++;
    if (!bytes) return original(input, init);
    meter.bytes += typeof init?.body === 'string' ? Buffer.byteLength(init.body) : 0;
    const response = await original(input, init);
    meter.bytes += (await response.clone().arrayBuffer()).byteLength;
    return response;
  };
  return { meter, restore: () => (globalThis.fetch = original) };
}

/** CPU time (user + system) a process has used so far, from Linux's /proc: in ms, at the kernel's 100 Hz clock ticks. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function syncFigures(): Promise<void> {
  const dir = tempDir('tandem-bench-sync-');
  const serverDir = join(dir.path, 'server');
  const endpoint = await spawnUntil<{ url: string }>(
    process.execPath,
    ['out/server/main.cjs', '--port', '0', '--data-dir', serverDir, '--log-level', 'warn'],
    'listening',
  );
  const server = { url: endpoint.ready.url };
  await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      company: 'Acme',
      name: 'Ada',
      email: 'ada@acme.test',
      password: 'correct horse battery',
      setupToken: readSetupToken(serverDir),
    }),
  });
  let devices = 0;
  const device = async () => {
    const db = openDesktopDatabase(join(dir.path, `device-${devices++}.db`));
    const { account, cloud } = accountWithClient(db, server.url);
    await account.signIn('ada@acme.test', 'correct horse battery');
    const cache = new SummaryCache(db);
    const sync = new SummarySync(cache, userChannel(account, cloud), {
      log: memoryLogger().log,
      changed: () => undefined,
      cacheChanged: () => undefined,
      periodMs: 60_000,
      scheduled: false,
    });
    return { db, cache, sync };
  };

  // sync_10k_ms: two devices in step; 10,000 new summaries on one until they are listed on the other.
  // sync_10k_requests: what the pushing device sends (its pushes, then one pull) and what the other pulls.
  const tenK: number[] = [];
  // Where the time goes: the pushing device's run, then the receiving device's.
  const phases = { push: [] as number[], pull: [] as number[] };
  const tenKRequests = { pushing: [] as number[], receiving: [] as number[] };
  // CPU time of both processes (the devices' and the endpoint's, all their threads) in each phase:
  // on a shared machine the wall time also holds the time other work had the cores; this is the
  // work the sync itself took. `sync_10k_ms` is the wall time of both phases, whatever ran where.
  const cpu = { push: [] as number[], pull: [] as number[] };
  const endpointPid = endpoint.child.pid!;
  const cpuNow = () => {
    const own = process.cpuUsage();
    return (own.user + own.system) / 1000 + processCpuMs(endpointPid);
  };
  const [from, to] = [await device(), await device()];
  const counted = meterFetch({ bytes: false });
  for (let run = 0; run < 3; run++) {
    for (let i = 0; i < 10_000; i++) from.cache.add(`sync-${run}-${i}`, 'acme', pick(variants, i));
    const start = process.hrtime.bigint();
    const pushCpu = cpuNow();
    const before = counted.meter.requests;
    await from.sync.sync();
    phases.push.push(elapsedMs(start));
    cpu.push.push(cpuNow() - pushCpu);
    const pushed = counted.meter.requests;
    const pullStart = process.hrtime.bigint();
    const pullCpu = cpuNow();
    await to.sync.sync();
    phases.pull.push(elapsedMs(pullStart));
    cpu.pull.push(cpuNow() - pullCpu);
    tenK.push(elapsedMs(start));
    tenKRequests.pushing.push(pushed - before);
    tenKRequests.receiving.push(counted.meter.requests - pushed);
    if (to.cache.list({ limit: 1, offset: 0 }).total !== 10_000 * (run + 1)) throw new Error('sync lost summaries');
  }
  counted.restore();
  for (const made of [from, to]) made.db.close();
  printFigure({ bench: BENCH, metric: 'sync_10k_ms', unit: 'ms', samples: tenK });
  printFigure({ bench: BENCH, metric: 'sync_10k_push_ms', unit: 'ms', samples: phases.push });
  printFigure({ bench: BENCH, metric: 'sync_10k_pull_ms', unit: 'ms', samples: phases.pull });
  printFigure({ bench: BENCH, metric: 'sync_10k_push_cpu_ms', unit: 'ms', samples: cpu.push });
  printFigure({ bench: BENCH, metric: 'sync_10k_pull_cpu_ms', unit: 'ms', samples: cpu.pull });
  printFigure({ bench: BENCH, metric: 'sync_10k_pushing_requests', unit: 'requests', samples: tenKRequests.pushing });
  printFigure({
    bench: BENCH,
    metric: 'sync_10k_receiving_requests',
    unit: 'requests',
    samples: tenKRequests.receiving,
  });

  // idle_sync_*: one periodic run (every 60 s) when nothing changed anywhere.
  const idle = await device();
  await idle.sync.sync();
  const requests: number[] = [];
  const bytes: number[] = [];
  const { meter, restore } = meterFetch();
  for (let run = 0; run < 20; run++) {
    const before = { ...meter };
    await idle.sync.sync();
    requests.push(meter.requests - before.requests);
    bytes.push(meter.bytes - before.bytes);
  }
  printFigure({ bench: BENCH, metric: 'idle_sync_requests', unit: 'requests', samples: requests });
  printFigure({ bench: BENCH, metric: 'idle_sync_bytes', unit: 'bytes', samples: bytes });
  restore();
  idle.db.close();
  await endpoint.stop();
  dir.cleanup();
}

(process.env.TANDEM_BENCH_INSIGHTS === 'sync' ? syncFigures() : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
