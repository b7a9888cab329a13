import { TOOL_COLOURS, type ToolPoint } from '../../../src-shared/video/tools';
import { paintTools } from './paint';
import type { Rect } from './pictureGeometry';
import { pruneStrokes, toolsStore } from './toolsStore';

/** A box being dragged to choose an object, in picture fractions. */
export interface DraggedBox {
  from: ToolPoint;
  to: ToolPoint;
}

/** The keyboard's cross on the picture (fractions), in the colour of the side it draws for. */
export interface KeyboardCursor {
  at: ToolPoint;
  colour: string;
}

/**
 * Paints the tools onto an overlay canvas once an animation frame while anything is to be seen
 * (strokes drawn or fading, a highlight, a box being dragged, the keyboard's cross), and stops
 * when nothing is: `kick` starts it again.
 */
export class PaintLoop {
  #canvas: HTMLCanvasElement | null = null;
  #box: DraggedBox | null = null;
  #cursor: KeyboardCursor | null = null;
  #frame: number | null = null;

  setCanvas(canvas: HTMLCanvasElement | null): void {
    this.#canvas = canvas;
    this.kick();
  }

  get box(): DraggedBox | null {
    return this.#box;
  }

  /** The box being dragged (painted dashed over the tools), or none. */
  setBox(box: DraggedBox | null): void {
    this.#box = box;
    this.kick();
  }

  /** The keyboard's cross (while the surface has the focus), or none. */
  setCursor(cursor: KeyboardCursor | null): void {
    this.#cursor = cursor;
    this.kick();
  }

  readonly kick = (): void => {
    this.#frame ??= requestAnimationFrame(this.#step);
  };

  dispose(): void {
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    this.#frame = null;
  }

  readonly #step = (): void => {
    this.#frame = null;
    const canvas = this.#canvas;
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(canvas.clientWidth * ratio);
    const height = Math.round(canvas.clientHeight * ratio);
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, width, height);
    const now = performance.now();
    const area = { x: 0, y: 0, width, height };
    paintTools(ctx, area, now);
    if (this.#box) paintBox(ctx, this.#box, area);
    if (this.#cursor) paintCursor(ctx, this.#cursor, area);
    if (pruneStrokes(now) || toolsStore.getState().highlight !== null || this.#box) this.kick();
  };
}

function paintBox(ctx: CanvasRenderingContext2D, { from, to }: DraggedBox, area: Rect): void {
  ctx.save();
  ctx.strokeStyle = TOOL_COLOURS.employee;
  ctx.lineWidth = Math.max(2, area.height / 200);
  ctx.setLineDash([6, 4]);
  ctx.strokeRect(
    from[0] * area.width,
    from[1] * area.height,
    (to[0] - from[0]) * area.width,
    (to[1] - from[1]) * area.height,
  );
  ctx.restore();
}

/** A cross with a dark edge, to be seen on light and dark parts of the picture alike. */
function paintCursor(ctx: CanvasRenderingContext2D, { at, colour }: KeyboardCursor, area: Rect): void {
  const x = at[0] * area.width;
  const y = at[1] * area.height;
  const arm = Math.max(10, area.height / 30);
  const width = Math.max(2, area.height / 250);
  ctx.save();
  ctx.lineCap = 'round';
  for (const [style, lineWidth] of [
    ['rgba(0, 0, 0, 0.8)', width + 3],
    [colour, width],
  ] as const) {
    ctx.strokeStyle = style;
    ctx.lineWidth = lineWidth;
    ctx.beginPath();
    ctx.moveTo(x - arm, y);
    ctx.lineTo(x + arm, y);
    ctx.moveTo(x, y - arm);
    ctx.lineTo(x, y + arm);
    ctx.stroke();
  }
  ctx.restore();
}
