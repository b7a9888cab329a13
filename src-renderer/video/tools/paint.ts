import { TOOL_COLOURS } from '../../../src-shared/video/tools';
import { fromPicture, type Rect } from './pictureGeometry';
import { strokeOpacity, toolsStore, type DrawnStroke, type TrackedHighlight } from './toolsStore';

/** Line width in a picture of this height: the same share of the picture on every screen and in a recording. */
const lineWidth = (rect: Rect) => Math.max(2, rect.height / 160);

/**
 * Paints what the call's tools show now — the visible strokes with their fade and the tracked
 * highlight — onto any 2-D context, the customer's picture lying at `rect` (in the context's own
 * pixels, unmirrored). The overlay over each side's video uses it, and so does the recorder's
 * composite. `now` is on the clock of `performance.now()`.
 */
export function paintTools(ctx: CanvasRenderingContext2D, rect: Rect, now: number): void {
  const { strokes, highlight } = toolsStore.getState();
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.width, rect.height);
  ctx.clip();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = lineWidth(rect);
  for (const stroke of strokes) {
    const opacity = strokeOpacity(stroke, now);
    if (opacity <= 0 || stroke.points.length === 0) continue;
    ctx.globalAlpha = opacity;
    ctx.strokeStyle = TOOL_COLOURS[stroke.role];
    paintStroke(ctx, stroke, rect);
  }
  ctx.globalAlpha = 1;
  if (highlight) paintHighlight(ctx, highlight, rect);
  ctx.restore();
}

function paintStroke(ctx: CanvasRenderingContext2D, stroke: DrawnStroke, rect: Rect): void {
  const points = stroke.points.map((point) => fromPicture(point, rect));
  const first = points[0]!;
  const last = points.at(-1)!;
  ctx.beginPath();
  if (stroke.tool === 'pen') {
    ctx.moveTo(first.x, first.y);
    // A single tap still shows: a dot the width of the line.
    if (points.length === 1) ctx.lineTo(first.x + 0.01, first.y);
    for (const point of points.slice(1)) ctx.lineTo(point.x, point.y);
  } else if (stroke.tool === 'circle') {
    // Centre at the first point, through the last: round in the picture's own pixels.
    ctx.arc(first.x, first.y, Math.hypot(last.x - first.x, last.y - first.y), 0, 2 * Math.PI);
  } else {
    const angle = Math.atan2(last.y - first.y, last.x - first.x);
    const head = lineWidth(rect) * 4;
    ctx.moveTo(first.x, first.y);
    ctx.lineTo(last.x, last.y);
    ctx.moveTo(last.x - head * Math.cos(angle - Math.PI / 6), last.y - head * Math.sin(angle - Math.PI / 6));
    ctx.lineTo(last.x, last.y);
    ctx.lineTo(last.x - head * Math.cos(angle + Math.PI / 6), last.y - head * Math.sin(angle + Math.PI / 6));
  }
  ctx.stroke();
}

function paintHighlight(ctx: CanvasRenderingContext2D, highlight: TrackedHighlight, rect: Rect): void {
  if (!highlight.corners) return;
  const corners = highlight.corners.map((corner) => fromPicture(corner, rect));
  ctx.strokeStyle = TOOL_COLOURS[highlight.role];
  ctx.setLineDash(highlight.lost ? [lineWidth(rect) * 2, lineWidth(rect) * 2] : []);
  ctx.beginPath();
  ctx.moveTo(corners[0]!.x, corners[0]!.y);
  for (const corner of corners.slice(1)) ctx.lineTo(corner.x, corner.y);
  ctx.closePath();
  ctx.stroke();
  ctx.setLineDash([]);
}
