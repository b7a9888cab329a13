import { TOOL_COLOURS, type ToolPoint } from '../../../src-shared/video/tools';
import { paintTools } from './paint';
import type { Rect } from './pictureGeometry';
import { pruneStrokes, toolsStore } from './toolsStore';

/** A box being dragged to choose an object, in picture fractions. */
export interface DraggedBox {
  from: ToolPoint;
  to: ToolPoint;
}

/**
 * Paints the tools onto an overlay canvas once an animation frame while anything is to be seen
 * (strokes drawn or fading, a highlight, a box being dragged), and stops when nothing is: `kick`
 * starts it again.
 */
export class PaintLoop {
  #canvas: HTMLCanvasElement | null = null;
  #box: DraggedBox | null = null;
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
