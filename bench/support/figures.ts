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
