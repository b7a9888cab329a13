import { useEffect, useRef, useState } from 'react';
import type { CallRole } from '../../../../src-shared/video/live';
import type { Screenshot } from '../../../../src-shared/video/screenshotContract';
import type { ToolPoint } from '../../../../src-shared/video/tools';
import {
  addItem,
  exportPng,
  ownUndo,
  readItems,
  renderShot,
  shotItems,
  type ShotItem,
  type ShotTool,
} from './shotDocument';
import type { SaveState, ShotSync } from './shotSync';
import type { ScreenshotTexts } from './screenshotTexts';
import './screenshots.css';

const TOOLS: readonly ShotTool[] = ['pen', 'arrow', 'rectangle', 'text'];
const TOOL_TEXT = { pen: 'pen', arrow: 'arrow', rectangle: 'rectangle', text: 'text' } as const;
/** A pen's next point is kept once it is this far (a fraction of the picture) from the last. */
const PEN_STEP = 0.002;

/** `{{name}}` placeholders filled. */
export const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);

/** Who took a screenshot, as this side says it. */
export function takenBy(texts: ScreenshotTexts, shot: Screenshot, role: CallRole): string {
  if (shot.takenBy.kind === role) return texts.you;
  return shot.takenBy.kind === 'employee' ? shot.takenBy.name : texts.codeUser;
}

const itemId = (role: CallRole) => `${role}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * A screenshot's editor (VS-6): the picture and every drawing on one canvas, pen, arrow, rectangle
 * and text in this side's colour, undo of this side's own drawings, export as PNG. The document is
 * `sync`'s (kept in step with the other side and saved to the endpoint); this only draws and adds.
 * Plain React with its texts as props: the app and the code user's page both use it.
 */
export function ShotEditor({
  sync,
  shot,
  picture,
  role,
  texts,
  language,
  describeError,
  notice,
  onClose,
}: {
  sync: ShotSync;
  shot: Screenshot;
  picture: HTMLImageElement;
  role: CallRole;
  texts: ScreenshotTexts;
  language: string;
  describeError(error: unknown): string;
  /** A line about the other side (it closed the screenshot), if any. */
  notice?: string | null;
  onClose(): void;
}): React.JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [items, setItems] = useState<ShotItem[]>(() => readItems(sync.doc));
  const [tool, setTool] = useState<ShotTool>('pen');
  const [draft, setDraft] = useState<ShotItem | null>(null);
  const [textAt, setTextAt] = useState<ToolPoint | null>(null);
  const [text, setText] = useState('');
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const undo = useRef<ReturnType<typeof ownUndo> | null>(null);
  const [canUndo, setCanUndo] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    const array = shotItems(sync.doc);
    const changed = () => setItems(readItems(sync.doc));
    array.observe(changed);
    changed();
    const manager = ownUndo(sync.doc);
    undo.current = manager;
    const stack = () => setCanUndo(manager.undoStack.length > 0);
    manager.on('stack-item-added', stack);
    manager.on('stack-item-popped', stack);
    const stopSaves = sync.onSaveState(setSaveState);
    return () => {
      array.unobserve(changed);
      manager.destroy();
      undo.current = null;
      stopSaves();
    };
  }, [sync]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context) renderShot(context, picture, draft ? [...items, draft] : items);
  }, [picture, items, draft]);

  const pointAt = (event: React.PointerEvent<HTMLCanvasElement>): ToolPoint => {
    const box = event.currentTarget.getBoundingClientRect();
    const clamp = (value: number) => Math.min(1, Math.max(0, value));
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  };
  const down = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const at = pointAt(event);
    if (tool === 'text') {
      setTextAt(at);
      return;
    }
    event.currentTarget.setPointerCapture(event.pointerId);
    setDraft({ id: itemId(role), by: role, tool, points: [at] });
  };
  const move = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!draft) return;
    const at = pointAt(event);
    if (draft.tool !== 'pen') {
      setDraft({ ...draft, points: [draft.points[0]!, at] });
      return;
    }
    const last = draft.points.at(-1)!;
    if (Math.hypot(at[0] - last[0], at[1] - last[1]) >= PEN_STEP) setDraft({ ...draft, points: [...draft.points, at] });
  };
  const up = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!draft) return;
    const finished = draft.tool === 'pen' ? draft : { ...draft, points: [draft.points[0]!, pointAt(event)] };
    setDraft(null);
    addItem(sync.doc, finished);
  };
  const placeText = (event: React.FormEvent) => {
    event.preventDefault();
    if (!textAt || text.trim() === '') return;
    addItem(sync.doc, { id: itemId(role), by: role, tool: 'text', points: [textAt], text: text.trim() });
    setText('');
    setTextAt(null);
  };
  const download = async () => {
    setExportError(null);
    try {
      const url = URL.createObjectURL(await exportPng(picture, items));
      const link = document.createElement('a');
      link.href = url;
      link.download = `screenshot-${shot.id}.png`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setExportError(describeError(error));
    }
  };

  const when = new Date(shot.takenAt).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
  const headingId = `shot-heading-${shot.id}`;
  const saveText =
    saveState === 'saved' ? texts.saved : saveState === 'saving' ? texts.saving : describeError(saveState.failed);
  return (
    <section className="shot-editor" aria-labelledby={headingId} data-shot-id={shot.id}>
      <h3 id={headingId}>{texts.heading}</h3>
      <p className="shot-caption">{fill(texts.editing, { who: takenBy(texts, shot, role), when })}</p>
      <div className="shot-toolbar" role="toolbar" aria-label={texts.tools}>
        {TOOLS.map((choice) => (
          <button
            key={choice}
            type="button"
            aria-pressed={tool === choice}
            onClick={() => {
              setTool(choice);
              setTextAt(null);
            }}
          >
            {texts[TOOL_TEXT[choice]]}
          </button>
        ))}
        <button type="button" disabled={!canUndo} onClick={() => undo.current?.undo()}>
          {texts.undo}
        </button>
        <button type="button" onClick={() => void download()}>
          {texts.exportPng}
        </button>
        <button type="button" onClick={onClose}>
          {texts.close}
        </button>
      </div>
      {tool === 'text' && <p className="shot-hint">{texts.textHint}</p>}
      {textAt && (
        <form className="shot-text" onSubmit={placeText}>
          <label>
            {texts.textLabel}
            <input value={text} maxLength={200} autoFocus onChange={(event) => setText(event.target.value)} />
          </label>
          <button type="submit">{texts.textPlace}</button>
        </form>
      )}
      <canvas
        ref={canvas}
        className="shot-canvas"
        role="img"
        aria-label={texts.canvas}
        width={picture.naturalWidth}
        height={picture.naturalHeight}
        data-items={items.length}
        data-employee-items={items.filter((item) => item.by === 'employee').length}
        data-code-user-items={items.filter((item) => item.by === 'code-user').length}
        style={{ touchAction: 'none' }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={() => setDraft(null)}
      />
      <p className="shot-save" role="status" data-save-state={typeof saveState === 'string' ? saveState : 'failed'}>
        {saveText}
      </p>
      {notice && <p className="shot-notice">{notice}</p>}
      {exportError && (
        <p className="shot-error" role="alert">
          {exportError}
        </p>
      )}
    </section>
  );
}

/** The screenshot's picture, from the endpoint's bytes, decoded. */
export async function loadPicture(type: string, image: string): Promise<HTMLImageElement> {
  const picture = new Image();
  picture.src = `data:${type};base64,${image}`;
  await picture.decode();
  return picture;
}
