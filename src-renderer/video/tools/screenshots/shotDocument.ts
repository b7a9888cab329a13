import { z } from 'zod';
import * as Y from 'yjs';
import { TOOL_COLOURS, toolPointSchema } from '../../../../src-shared/video/tools';

/**
 * A screenshot's drawings as one Yjs document: the array `items`, each a finished drawing (a pen's
 * path, an arrow's or rectangle's two corners, a text at a point) as plain JSON, appended once and
 * never changed, so concurrent edits from both sides only ever add or remove whole items and both
 * sides end with the same list. Places are fractions of the picture, as on the live video.
 */
export const shotItemSchema = z
  .object({
    id: z.string().min(1).max(64),
    by: z.enum(['employee', 'code-user']),
    tool: z.enum(['pen', 'arrow', 'rectangle', 'text']),
    points: z.array(toolPointSchema).min(1).max(2000),
    text: z.string().max(200).optional(),
  })
  .strict();
export type ShotItem = z.infer<typeof shotItemSchema>;
export type ShotTool = ShotItem['tool'];

/** This side's own edits: the only ones its undo takes back. */
export const LOCAL_ORIGIN = Symbol('local edit');

export const shotItems = (doc: Y.Doc): Y.Array<unknown> => doc.getArray<unknown>('items');

/** The document's drawings, in order; an item that is not one (the other side is not trusted) is left out. */
export function readItems(doc: Y.Doc): ShotItem[] {
  return shotItems(doc)
    .toArray()
    .flatMap((item) => {
      const parsed = shotItemSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
}

/** Adds one drawing as this side's edit (undoable by this side only). */
export function addItem(doc: Y.Doc, item: ShotItem): void {
  doc.transact(() => shotItems(doc).push([item]), LOCAL_ORIGIN);
}

/** Undo of this side's own drawings only: every push is one step, however quickly they follow. */
export const ownUndo = (doc: Y.Doc) =>
  new Y.UndoManager(shotItems(doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });

/** Draws the picture and the drawings onto `context`, at the canvas's own size. */
export function renderShot(
  context: CanvasRenderingContext2D,
  picture: CanvasImageSource,
  items: readonly ShotItem[],
): void {
  const { width, height } = context.canvas;
  context.clearRect(0, 0, width, height);
  context.drawImage(picture, 0, 0, width, height);
  for (const item of items) drawItem(context, item);
}

/** One drawing, in its side's colour; line width and type size scale with the picture. */
export function drawItem(context: CanvasRenderingContext2D, item: ShotItem): void {
  const { width, height } = context.canvas;
  const at = ([x, y]: readonly [number, number]) => [x * width, y * height] as const;
  const line = Math.max(2, Math.round(Math.min(width, height) / 160));
  context.save();
  context.strokeStyle = TOOL_COLOURS[item.by];
  context.fillStyle = TOOL_COLOURS[item.by];
  context.lineWidth = line;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  const [first, ...rest] = item.points.map(at);
  const last = rest.at(-1) ?? first!;
  switch (item.tool) {
    case 'pen':
      context.beginPath();
      context.moveTo(...first!);
      for (const point of rest.length > 0 ? rest : [first!]) context.lineTo(...point);
      context.stroke();
      break;
    case 'rectangle':
      context.strokeRect(first![0], first![1], last[0] - first![0], last[1] - first![1]);
      break;
    case 'arrow': {
      const angle = Math.atan2(last[1] - first![1], last[0] - first![0]);
      const head = line * 5;
      context.beginPath();
      context.moveTo(...first!);
      context.lineTo(...last);
      context.moveTo(last[0] - head * Math.cos(angle - Math.PI / 6), last[1] - head * Math.sin(angle - Math.PI / 6));
      context.lineTo(...last);
      context.lineTo(last[0] - head * Math.cos(angle + Math.PI / 6), last[1] - head * Math.sin(angle + Math.PI / 6));
      context.stroke();
      break;
    }
    case 'text':
      // Unhinted, at sub-pixel positions: the same pixels whatever the screen's pixel density on each side.
      context.textRendering = 'geometricPrecision';
      context.font = `bold ${line * 8}px sans-serif`;
      context.textBaseline = 'top';
      context.fillText(item.text ?? '', ...first!);
      break;
  }
  context.restore();
}

/** A small picture of the screenshot with its drawings, as a data URL (the pages' policies allow `data:` images). */
export function thumbnail(picture: HTMLImageElement, items: readonly ShotItem[], width: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = Math.max(1, Math.round((picture.naturalHeight / picture.naturalWidth) * width));
  renderShot(canvas.getContext('2d')!, picture, items);
  return canvas.toDataURL('image/png');
}

/** The picture with its drawings as a PNG file, at the picture's own size. */
export async function exportPng(picture: HTMLImageElement, items: readonly ShotItem[]): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = picture.naturalWidth;
  canvas.height = picture.naturalHeight;
  renderShot(canvas.getContext('2d')!, picture, items);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))), 'image/png'),
  );
}
