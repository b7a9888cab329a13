import { createStore } from 'zustand/vanilla';
import type { CallRole } from '../../../src-shared/video/live';
import type { ToolMessage, ToolPoint, TrackedCorners } from '../../../src-shared/video/tools';

export type StrokeTool = 'pen' | 'arrow' | 'circle';

/** A stroke on the picture, this side's or the other's. */
export interface DrawnStroke {
  /** Unique on this screen: the sender's role and its own id. */
  key: string;
  role: CallRole;
  tool: StrokeTool;
  /** The pen's path; an arrow's or circle's first and last points define it. */
  points: ToolPoint[];
  /** When the stroke ended on this screen (its fade starts), null while it is drawn. */
  endedAt: number | null;
  ttlMs: number;
  /** The next part expected from the other side (parts already seen are ignored). */
  nextSeq: number;
}

/** The tracked object's highlight, shown on both sides while tracking runs. */
export interface TrackedHighlight {
  id: string;
  /** Who chose the object (the employee): the highlight's colour. */
  role: CallRole;
  /** Where the object is; while it is lost, where it was last seen (drawn dashed). */
  corners: TrackedCorners | null;
  lost: boolean;
}

export interface ToolsState {
  strokes: readonly DrawnStroke[];
  highlight: TrackedHighlight | null;
}

/**
 * What the call's tools show now (VS-6): the strokes of both sides with their fade, and the tracked
 * highlight. One store for the window's one call: the overlay and the recorder's composite
 * (`paint.ts`) read it alike.
 */
export const toolsStore = createStore<ToolsState>(() => ({ strokes: [], highlight: null }));

/** A new call starts with nothing drawn. */
export function resetTools(): void {
  toolsStore.setState({ strokes: [], highlight: null });
}

const strokeKey = (role: CallRole, id: string) => `${role}:${id}`;

/** How opaque a stroke is at `now`: 1 while drawn, then fading to 0 over its TTL. */
export function strokeOpacity(stroke: DrawnStroke, now: number): number {
  if (stroke.endedAt === null) return 1;
  return Math.max(0, 1 - (now - stroke.endedAt) / stroke.ttlMs);
}

/** Applies a stroke part (this side's or the other's) at `now`; returns whether it changed anything. */
export function applyStroke(message: Extract<ToolMessage, { type: 'stroke' }>, role: CallRole, now: number): boolean {
  const key = strokeKey(role, message.id);
  const strokes = toolsStore.getState().strokes;
  const index = strokes.findIndex((stroke) => stroke.key === key);
  const known = index >= 0 ? strokes[index]! : null;
  // The channel is ordered: a part already applied (or one for a stroke that faded and went) is old.
  if (known ? message.seq < known.nextSeq || known.endedAt !== null : message.seq !== 0) return false;
  const stroke: DrawnStroke = {
    key,
    role,
    tool: message.tool,
    points: [...(known?.points ?? []), ...message.points],
    endedAt: message.end ? now : null,
    ttlMs: message.ttlMs,
    nextSeq: message.seq + 1,
  };
  toolsStore.setState({
    strokes: known ? strokes.map((candidate, at) => (at === index ? stroke : candidate)) : [...strokes, stroke],
  });
  return true;
}

/** Drops the strokes that have faded out; returns whether any is left to draw. */
export function pruneStrokes(now: number): boolean {
  const { strokes } = toolsStore.getState();
  const left = strokes.filter((stroke) => strokeOpacity(stroke, now) > 0);
  if (left.length !== strokes.length) toolsStore.setState({ strokes: left });
  return left.length > 0;
}

/** The other side is gone (the tools channel closed): its strokes being drawn end now and fade. */
export function endStrokesOf(role: CallRole, now: number): void {
  const { strokes } = toolsStore.getState();
  if (!strokes.some((stroke) => stroke.role === role && stroke.endedAt === null)) return;
  toolsStore.setState({
    strokes: strokes.map((stroke) =>
      stroke.role === role && stroke.endedAt === null ? { ...stroke, endedAt: now } : stroke,
    ),
  });
}

export function setHighlight(highlight: TrackedHighlight | null): void {
  toolsStore.setState({ highlight });
}
