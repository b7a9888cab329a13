import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import {
  READ_LANES,
  type ReadArgs,
  type ReadLane,
  type ReadMethod,
  type ReadReply,
  type ReadRequest,
  type ReadResult,
  type ReadWorkerData,
} from './summaryReadProtocol';
import type { SummaryReads } from './summaryReads';

/** Reads of the summary cache, answered off the main thread where a read worker runs. */
export interface SummaryReader {
  read<M extends ReadMethod>(method: M, ...args: ReadArgs<M>): Promise<ReadResult<M>>;
  close(): void;
}

/** A read that takes longer than this is logged (its name and time, never its arguments). */
const SLOW_READ_MS = 200;

/** The reads on this thread: tests of the core in-process, and any runtime without the worker file. */
export function inlineReader(reads: SummaryReads): SummaryReader {
  return {
    read: async (method, ...args) => (reads[method] as (...a: unknown[]) => never)(...args),
    close: () => undefined,
  };
}

interface WorkerReaderOptions {
  file: string;
  workerFile: string;
  log: Logger;
  /** The same reads on this thread, for a worker that cannot start. */
  fallback: SummaryReads;
}

type Pending = { method: ReadMethod; args: unknown[]; resolve(value: unknown): void; reject(error: Error): void };

/**
 * The reads in worker threads, one per lane (READ_LANES): a page of the list or a summary is
 * answered by its own worker while another counts the overview or the filters' values, so what
 * the list shows never waits behind a count over every match. Each has its own read-only
 * connection (SQLite in WAL mode: one writer on main, readers beside it). A write on main commits
 * before its IPC answer, so a read asked for afterwards sees it.
 */
export function workerReader(options: WorkerReaderOptions): SummaryReader {
  const lanes: Record<ReadLane, SummaryReader> = { rows: workerLane(options), counts: workerLane(options) };
  return {
    read: (method, ...args) => lanes[READ_LANES[method]].read(method, ...args),
    close() {
      lanes.rows.close();
      lanes.counts.close();
    },
  };
}

/**
 * One worker thread answering its reads in turn. A worker that dies fails the reads in flight and
 * is started anew on the next read; one that cannot start at all (a packaging fault) leaves the
 * reads on this thread, logged once, rather than leaving the Insights view empty. In the packaged
 * app the worker loads from app.asar (Electron initialises asar support in worker threads since
 * 17, electron#33216).
 */
function workerLane(options: WorkerReaderOptions): SummaryReader {
  const { log } = options;
  const pending = new Map<number, Pending>();
  let inline: SummaryReader | null = null;
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;

  const failAll = (error: Error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  const degrade = (error: unknown): SummaryReader => {
    log.error({ err: error }, 'the summary read worker cannot start; reading on the main thread instead');
    const fallback = inlineReader(options.fallback);
    inline = fallback;
    const waiting = [...pending.values()];
    pending.clear();
    for (const call of waiting)
      fallback.read(call.method, ...(call.args as ReadArgs<typeof call.method>)).then(call.resolve, call.reject);
    return fallback;
  };
  const start = (): Worker => {
    const data: ReadWorkerData = { file: options.file };
    const started = new Worker(options.workerFile, { workerData: data });
    let answered = false;
    started.unref();
    started.on('message', (reply: ReadReply) => {
      answered = true;
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (reply.ms > SLOW_READ_MS) log.warn({ read: call.method, ms: Math.round(reply.ms) }, 'slow summary read');
      if (reply.ok) call.resolve(reply.value);
      else call.reject(new Error(`Reading the summary cache failed: ${reply.message}`));
    });
    started.on('error', (error) => {
      if (worker === started) worker = null;
      if (!answered) {
        degrade(error);
        return;
      }
      log.error({ err: error }, 'the summary read worker failed');
      failAll(new Error(`Reading the summary cache failed: ${error.message}`));
    });
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      if (!closed) failAll(new Error(`The summary read worker stopped (exit ${code}).`));
    });
    return started;
  };

  return {
    read(method, ...args) {
      if (closed) return Promise.reject(new Error('Tandem is shutting down.'));
      if (inline) return inline.read(method, ...args);
      try {
        worker ??= start();
      } catch (error) {
        return degrade(error).read(method, ...args);
      }
      const id = nextId++;
      const request: ReadRequest = { id, method, args };
      return new Promise((resolve, reject) => {
        pending.set(id, { method, args, resolve: resolve as (value: unknown) => void, reject });
        worker!.postMessage(request);
      });
    },
    close() {
      closed = true;
      failAll(new Error('Tandem is shutting down.'));
      void worker?.terminate();
      worker = null;
    },
  };
}
