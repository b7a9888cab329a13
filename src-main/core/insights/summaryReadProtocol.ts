import type { SummaryReads } from './summaryReads';

/** The reads the Insights view asks for; each runs in a read worker (or inline where there is none). */
export const READ_METHODS = ['get', 'list', 'overview', 'facetValues', 'history', 'conflictWith'] as const;
export type ReadMethod = (typeof READ_METHODS)[number];
export type ReadArgs<M extends ReadMethod> = Parameters<SummaryReads[M]>;
export type ReadResult<M extends ReadMethod> = ReturnType<SummaryReads[M]>;

/**
 * Which worker answers a read. `rows`: what a screen shows row by row (a page of the list, one
 * summary); `counts`: what counts over every match (the overview's charts, the filters' values).
 * Each worker answers its reads one after another, so with one worker a page of the list waited
 * behind the previous keystroke's overview (80–150 ms at 100,000 summaries, a page 2–20 ms).
 */
export const READ_LANES = {
  get: 'rows',
  list: 'rows',
  history: 'rows',
  conflictWith: 'rows',
  overview: 'counts',
  facetValues: 'counts',
} as const satisfies Record<ReadMethod, string>;
export type ReadLane = (typeof READ_LANES)[ReadMethod];

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
