import { beforeEach, describe, expect, it } from 'vitest';
import type { ToolMessage } from '../../../../../src-shared/video/tools';
import {
  applyStroke,
  endStrokesOf,
  pruneStrokes,
  resetTools,
  strokeOpacity,
  toolsStore,
} from '../../../../../src-renderer/video/tools/toolsStore';

const part = (seq: number, points: [number, number][], end = false): Extract<ToolMessage, { type: 'stroke' }> => ({
  type: 'stroke',
  id: 's1',
  seq,
  tool: 'pen',
  points,
  end,
  ttlMs: 3000,
});

describe('strokes from both sides of a call', () => {
  beforeEach(resetTools);

  it('appends the parts of a stroke in order, ignores a part seen before, and fades it over its TTL from its end', () => {
    expect(applyStroke(part(0, [[0.1, 0.1]]), 'employee', 0)).toBe(true);
    expect(applyStroke(part(1, [[0.2, 0.1]]), 'employee', 10)).toBe(true);
    expect(applyStroke(part(1, [[0.9, 0.9]]), 'employee', 20)).toBe(false);
    expect(applyStroke(part(2, [[0.3, 0.1]], true), 'employee', 1000)).toBe(true);
    const [stroke] = toolsStore.getState().strokes;
    expect(stroke!.points).toEqual([
      [0.1, 0.1],
      [0.2, 0.1],
      [0.3, 0.1],
    ]);
    expect(strokeOpacity(stroke!, 1000)).toBe(1);
    expect(strokeOpacity(stroke!, 2500)).toBeCloseTo(0.5);
    expect(pruneStrokes(3999)).toBe(true);
    expect(pruneStrokes(4000)).toBe(false);
    expect(toolsStore.getState().strokes).toEqual([]);
  });

  it('keeps each side’s strokes apart by id, and ends the other side’s open strokes when it goes', () => {
    applyStroke(part(0, [[0.1, 0.1]]), 'employee', 0);
    applyStroke(part(0, [[0.5, 0.5]]), 'code-user', 0);
    expect(toolsStore.getState().strokes.map((stroke) => stroke.role)).toEqual(['employee', 'code-user']);
    // A stroke whose first part never came is not started from the middle.
    expect(applyStroke({ ...part(3, [[0.2, 0.2]]), id: 'late' }, 'employee', 0)).toBe(false);
    endStrokesOf('code-user', 500);
    expect(toolsStore.getState().strokes.map((stroke) => stroke.endedAt)).toEqual([null, 500]);
  });
});
