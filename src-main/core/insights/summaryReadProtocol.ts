import type { SummaryReads } from './summaryReads';

/** The reads the Insights view asks for; each runs in the read worker (or inline where there is none). */
export const READ_METHODS = ['get', 'list', 'overview', 'facetValues', 'history', 'conflictWith'] as const;
export type ReadMethod = (typeof READ_METHODS)[number];
export type ReadArgs<M extends ReadMethod> = Parameters<SummaryReads[M]>;
export type ReadResult<M extends ReadMethod> = ReturnType<SummaryReads[M]>;

/** main → worker: one read. */
export interface ReadRequest {
  id: number;
  method: ReadMethod;
  args: unknown[];
}

/** worker → main: its answer, and how long SQLite took (for the slow-query log). */
export type ReadReply =
  { id: number; ok: true; value: unknown; ms: number } | { id: number; ok: false; message: string; ms: number };

/** What the worker is started with. */
export interface ReadWorkerData {
  file: string;
}
