import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { KeptCounts } from './keptCounts';
import { READ_METHODS, type ReadReply, type ReadRequest, type ReadWorkerData } from './summaryReadProtocol';
import { SummaryReads } from './summaryReads';

/*
 * A read worker: its own read-only connection to the desktop database (WAL lets it read beside
 * the one writer on main), answering the Insights view's reads so a slow query never blocks the
 * main process — in Electron that would freeze every window and the session's input with it.
 * Main starts two, one per lane (READ_LANES), so a page of the list never waits behind counting.
 * Built as its own file beside the main bundle (electron.vite.config.ts, scripts/build-node.mjs).
 */
const { file } = workerData as ReadWorkerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const reads = new SummaryReads(db);
const kept = new KeptCounts(db, reads);
const methods: readonly string[] = READ_METHODS;

parentPort!.on('message', (request: ReadRequest) => {
  const start = performance.now();
  let reply: ReadReply;
  try {
    if (!methods.includes(request.method)) throw new Error(`unknown read ${String(request.method)}`);
    const target = request.method === 'overview' || request.method === 'facetValues' ? kept : reads;
    const read = target[request.method as keyof typeof target] as (...args: unknown[]) => unknown;
    reply = { id: request.id, ok: true, value: read.apply(target, request.args), ms: performance.now() - start };
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error).message, ms: performance.now() - start };
  }
  parentPort!.postMessage(reply);
});
