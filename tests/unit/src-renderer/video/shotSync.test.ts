import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Screenshot, ScreenshotContent } from '../../../../src-shared/video/screenshotContract';
import { TOOL_MESSAGE_MAX, toolMessageSchema, type ToolMessage } from '../../../../src-shared/video/tools';
import {
  addItem,
  LOCAL_ORIGIN,
  ownUndo,
  readItems,
  shotItems,
  type ShotItem,
} from '../../../../src-renderer/video/tools/screenshots/shotDocument';
import {
  fromBase64,
  ShotSync,
  toBase64,
  type ScreenshotApi,
} from '../../../../src-renderer/video/tools/screenshots/shotSync';

/** The endpoint's part, as `ScreenshotStore.save` does it: every save merged into what is stored. */
function endpoint() {
  let stored = Y.encodeStateAsUpdate(new Y.Doc());
  let saves = 0;
  const api: ScreenshotApi = {
    list: async () => [],
    take: async () => ({}) as Screenshot,
    get: async () => ({ document: toBase64(stored) }) as ScreenshotContent,
    save: async (_id, update) => {
      saves += 1;
      stored = Y.mergeUpdates([stored, fromBase64(update)]);
      return { document: toBase64(stored), updatedAt: new Date().toISOString() };
    },
  };
  return { api, stored: () => stored, saves: () => saves };
}

/**
 * Two sides joined by a tools channel that checks and delivers each message as the call does (JSON
 * within TOOL_MESSAGE_MAX, `toolMessageSchema`), queued until `deliver()` so edits cross in flight.
 */
function pair(api: ScreenshotApi) {
  const queues: Record<'a' | 'b', ToolMessage[]> = { a: [], b: [] };
  let open = true;
  const sent: ToolMessage[] = [];
  const peer = (to: 'a' | 'b') => ({
    send: (message: ToolMessage) => {
      const text = JSON.stringify(message);
      expect(text.length).toBeLessThanOrEqual(TOOL_MESSAGE_MAX);
      if (!open) return false;
      sent.push(message);
      queues[to].push(toolMessageSchema.parse(JSON.parse(text)));
      return true;
    },
  });
  const a = new ShotSync('shot-1', api, peer('b'));
  const b = new ShotSync('shot-1', api, peer('a'));
  const deliver = () => {
    while (queues.a.length + queues.b.length > 0) {
      for (const message of queues.a.splice(0)) a.receive(message);
      for (const message of queues.b.splice(0)) b.receive(message);
    }
  };
  return { a, b, deliver, sent, setOpen: (value: boolean) => (open = value) };
}

const item = (id: string, by: ShotItem['by'], points = 2): ShotItem => ({
  id,
  by,
  tool: 'pen',
  points: Array.from({ length: points }, (_, i) => [(i % 1000) / 1000, ((i * 7) % 1000) / 1000] as [number, number]),
});
const ids = (sync: ShotSync) => readItems(sync.doc).map((shot) => shot.id);

describe('a screenshot edited by two sides at once', () => {
  it('edits crossing in flight end in the same document on both sides and on the endpoint', async () => {
    const server = endpoint();
    const { a, b, deliver } = pair(server.api);
    for (let i = 0; i < 5; i += 1) {
      addItem(a.doc, item(`a${i}`, 'employee'));
      addItem(b.doc, item(`b${i}`, 'code-user'));
    }
    deliver();
    expect(ids(a)).toHaveLength(10);
    expect(ids(a)).toEqual(ids(b));
    await Promise.all([a.flush(), b.flush()]);
    const saved = new Y.Doc();
    Y.applyUpdate(saved, server.stored());
    expect(readItems(saved).map((shot) => shot.id)).toEqual(ids(a));
  });

  it('undo takes back only this side’s own drawing, on both sides', () => {
    const { a, b, deliver } = pair(endpoint().api);
    const undo = ownUndo(b.doc);
    addItem(b.doc, item('mine', 'code-user'));
    deliver();
    addItem(a.doc, item('theirs, later', 'employee'));
    deliver();
    undo.undo();
    deliver();
    expect(ids(a)).toEqual(['theirs, later']);
    expect(ids(b)).toEqual(['theirs, later']);
  });

  it('an update larger than a tools message arrives in parts, and what was missed while the channel was down comes with the next sync', () => {
    const { a, b, deliver, sent, setOpen } = pair(endpoint().api);
    // Three long strokes in one edit: one update of some 100 KB.
    a.doc.transact(
      () => shotItems(a.doc).push(['long 1', 'long 2', 'long 3'].map((id) => item(id, 'employee', 2000))),
      LOCAL_ORIGIN,
    );
    deliver();
    expect(sent.filter((message) => message.type === 'shot-update' && message.part).length).toBeGreaterThan(1);
    expect(ids(b)).toEqual(['long 1', 'long 2', 'long 3']);

    setOpen(false);
    addItem(a.doc, item('offline a', 'employee'));
    addItem(b.doc, item('offline b', 'code-user'));
    deliver();
    expect(ids(b)).not.toContain('offline a');
    setOpen(true);
    a.sync();
    b.sync();
    deliver();
    expect(ids(a).sort()).toEqual(['long 1', 'long 2', 'long 3', 'offline a', 'offline b']);
    expect(ids(b)).toEqual(ids(a));
  });

  it('drops malformed updates from the other side and keeps its document', () => {
    const { a } = pair(endpoint().api);
    addItem(a.doc, item('kept', 'employee'));
    a.receive({ type: 'shot-update', id: 'shot-1', update: toBase64(new Uint8Array([9, 9, 9, 9, 9])) });
    a.receive({ type: 'shot-sync', id: 'shot-1', stateVector: 'AAAA' });
    expect(ids(a)).toEqual(['kept']);
  });
});
