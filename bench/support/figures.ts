/**
 * Benchmarks print JSON lines: one `{"machine": …}` line (printed by scripts/bench.mjs), then
 * one line per figure. A floor, where measured in the same run, is the best the same work could
 * do without Tandem in the way; `ratio` = p50 / floor_p50.
 */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: values.length,
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    p99: round(quantile(sorted, 0.99)),
  };
}

export function printFigure(figure: {
  bench: string;
  metric: string;
  unit: string;
  samples: number[];
  floor?: number[];
  /** What else a reader needs to judge the figure (counts of what failed, the sizes it ran at). */
  extra?: Record<string, unknown>;
}): void {
  const summary = summarize(figure.samples);
  const line: Record<string, unknown> = { bench: figure.bench, metric: figure.metric, unit: figure.unit, ...summary };
  if (figure.floor) {
    const floor = summarize(figure.floor);
    line.floor_p50 = floor.p50;
    line.ratio = round(summary.p50 / floor.p50);
  }
  Object.assign(line, figure.extra);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * Frame-to-frame times from requestAnimationFrame's timestamps, as whole display intervals. The
 * timestamps are the frames' start times on the display's grid, but a page's clock is coarsened
 * to 0.1 ms, so two frames one interval apart read 16.6, 16.7 or 16.8 ms at 60 Hz — an empty page
 * reads p95 16.8. Each delta is taken as the number of intervals it spans (one late by more than
 * the clock's coarseness counts as the next: the display showed it a frame later).
 * `missed`: frames that spanned more than one interval; `offGrid`: deltas further than the clock's
 * coarseness from the grid (none on a display-driven clock).
 */
export function displayFrames(deltas: number[], hz = 60): { samples: number[]; missed: number; offGrid: number } {
  const interval = 1000 / hz;
  const COARSENESS_MS = 0.25;
  let missed = 0;
  let offGrid = 0;
  const samples = deltas.map((delta) => {
    let intervals = Math.max(1, Math.round(delta / interval));
    if (Math.abs(delta - intervals * interval) > COARSENESS_MS) {
      offGrid++;
      if (delta > intervals * interval) intervals++;
    }
    if (intervals > 1) missed++;
    return intervals * interval;
  });
  return { samples, missed, offGrid };
}
