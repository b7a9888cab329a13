import { describe, expect, it } from 'vitest';
import { displayFrames, summarize } from '../../../bench/support/figures';

const INTERVAL = 1000 / 60;

describe('frame times in whole display intervals', () => {
  it('reads a page clock coarsened to 0.1 ms as one interval a frame, as an empty page shows', () => {
    const coarsened = Array.from({ length: 600 }, (_, i) => [16.6, 16.7, 16.8][i % 3]!);
    expect(summarize(coarsened).p95).toBe(16.8);
    const frames = displayFrames(coarsened);
    expect(summarize(frames.samples).p95).toBe(16.667);
    expect(frames).toMatchObject({ missed: 0, offGrid: 0 });
  });

  it('counts a skipped frame as two intervals, and a frame late off the grid as the next one', () => {
    const frames = displayFrames([16.7, 33.3, 16.6, 21.5, 50.1]);
    expect(frames.samples.map((ms) => Math.round(ms / INTERVAL))).toEqual([1, 2, 1, 2, 3]);
    expect(frames).toMatchObject({ missed: 3, offGrid: 1 });
  });
});
