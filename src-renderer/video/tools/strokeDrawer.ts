import type { CallRole } from '../../../src-shared/video/live';
import type { ToolMessage, ToolPoint } from '../../../src-shared/video/tools';
import { applyStroke, type StrokeTool } from './toolsStore';

type StrokeMessage = Extract<ToolMessage, { type: 'stroke' }>;
/** The most points one part carries (the contract's limit). */
const MAX_POINTS = 512;

/**
 * This side's stroke as it is drawn: points gather and go out once an animation frame (one `stroke`
 * part each, append-only), shown here the same moment they are sent. A pen sends every point; an
 * arrow or a circle its first point, then only its newest end (the last part gives the shape's end).
 * A part the channel cannot take (closed) is lost, not queued: the drawing is live only.
 */
export class StrokeDrawer {
  readonly #send: (message: ToolMessage) => unknown;
  readonly #role: CallRole;
  readonly #ttlMs: () => number;
  #stroke: { id: string; tool: StrokeTool; seq: number; pending: ToolPoint[]; ended: boolean } | null = null;
  #frame: number | null = null;
  #count = 0;
  readonly #prefix = Math.random().toString(36).slice(2, 10);

  constructor(options: { send(message: ToolMessage): unknown; role: CallRole; ttlMs(): number }) {
    this.#send = options.send;
    this.#role = options.role;
    this.#ttlMs = options.ttlMs;
  }

  /** Starts a stroke at `point` (a stroke still open ends first). */
  begin(tool: StrokeTool, point: ToolPoint): void {
    if (this.#stroke) this.end();
    this.#stroke = { id: `${this.#prefix}-${this.#count++}`, tool, seq: 0, pending: [point], ended: false };
    this.#schedule();
  }

  move(point: ToolPoint): void {
    const stroke = this.#stroke;
    if (!stroke) return;
    if (stroke.tool === 'pen' || stroke.seq === 0) stroke.pending.push(point);
    // A shape's end only: the newest replaces what is still waiting (never its first point).
    else stroke.pending = [point];
    this.#schedule();
  }

  end(): void {
    const stroke = this.#stroke;
    if (!stroke) return;
    stroke.ended = true;
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    this.#frame = null;
    this.#flush();
  }

  dispose(): void {
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    this.#frame = null;
    this.#stroke = null;
  }

  #schedule(): void {
    this.#frame ??= requestAnimationFrame(() => {
      this.#frame = null;
      this.#flush();
    });
  }

  #flush(): void {
    const stroke = this.#stroke;
    if (!stroke || (stroke.pending.length === 0 && !stroke.ended)) return;
    const points =
      stroke.tool !== 'pen' && stroke.seq === 0 && stroke.pending.length > 2
        ? [stroke.pending[0]!, stroke.pending.at(-1)!]
        : stroke.pending;
    const rest = points.slice(MAX_POINTS);
    const message: StrokeMessage = {
      type: 'stroke',
      id: stroke.id,
      seq: stroke.seq,
      tool: stroke.tool,
      points: points.slice(0, MAX_POINTS),
      end: stroke.ended && rest.length === 0,
      ttlMs: this.#ttlMs(),
    };
    stroke.pending = rest;
    stroke.seq++;
    applyStroke(message, this.#role, performance.now());
    this.#send(message);
    if (stroke.pending.length > 0) return this.#flush();
    if (stroke.ended) this.#stroke = null;
  }
}
