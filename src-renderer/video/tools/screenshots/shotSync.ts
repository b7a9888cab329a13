import * as Y from 'yjs';
import type { Screenshot, ScreenshotContent } from '../../../../src-shared/video/screenshotContract';
import { SHOT_UPDATE_PARTS_MAX, TOOL_MESSAGE_MAX, type ToolMessage } from '../../../../src-shared/video/tools';

/** How the editor reaches a session's screenshots on the endpoint: the app's channels or the code user's routes. */
export interface ScreenshotApi {
  list(): Promise<Screenshot[]>;
  take(picture: { type: Screenshot['type']; width: number; height: number; image: string }): Promise<Screenshot>;
  get(id: string): Promise<ScreenshotContent>;
  save(id: string, update: string): Promise<{ document: string; updatedAt: string }>;
}

/** The other side of the call, where there is one: the call's tools channel. */
export interface ShotPeer {
  send(message: ToolMessage): boolean;
}

/** How long edits gather before this side saves them to the endpoint. */
export const SAVE_AFTER_MS = 800;
/** Room in a tools message for everything beside the update's text. */
const PART_CHARS = TOOL_MESSAGE_MAX - 512;

const FROM_PEER = Symbol('the other side');
const FROM_ENDPOINT = Symbol('the endpoint');

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(text);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type SaveState = 'saved' | 'saving' | { failed: unknown };

/**
 * One screenshot's document kept in step with the other side and the endpoint. Each change made
 * here goes to the other side at once as a `shot-update` (split into parts when too large for one
 * message); `sync()` sends this side's state vector (`shot-sync`) so the other side answers with what
 * this side lacks — on opening and after the tools channel came back. Every change, from either
 * side, is saved to the endpoint a moment later and on `close()`: the endpoint merges it, so
 * whichever side saves last loses nothing of the other's.
 */
export class ShotSync {
  readonly doc = new Y.Doc();
  #parts: string[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #saving: Promise<void> | null = null;
  #dirty = false;
  #listeners = new Set<(state: SaveState) => void>();

  constructor(
    readonly id: string,
    private readonly api: ScreenshotApi,
    private readonly peer: ShotPeer | null,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_ENDPOINT) return;
      if (origin !== FROM_PEER) this.#sendUpdate(update);
      this.#dirty = true;
      this.#scheduleSave();
    });
  }

  /** The document as the endpoint holds it (what either side saved so far). */
  applyStored(document: string): void {
    Y.applyUpdate(this.doc, fromBase64(document), FROM_ENDPOINT);
  }

  /** Asks the other side for what this side lacks. */
  sync(): void {
    this.peer?.send({ type: 'shot-sync', id: this.id, stateVector: toBase64(Y.encodeStateVector(this.doc)) });
  }

  /** A tools message from the other side about this screenshot; a malformed update is dropped. */
  receive(message: ToolMessage): void {
    if (message.type === 'shot-update' && message.id === this.id) {
      const [index, count] = message.part ?? [0, 1];
      if (index === 0) this.#parts = [];
      if (index !== this.#parts.length) return; // a part missing: the next sync fills the gap
      this.#parts.push(message.update);
      if (this.#parts.length < count) return;
      const update = this.#parts.join('');
      this.#parts = [];
      try {
        Y.applyUpdate(this.doc, fromBase64(update), FROM_PEER);
      } catch {
        // Not a Yjs update of a document: nothing of it is applied.
      }
    } else if (message.type === 'shot-sync' && message.id === this.id) {
      try {
        this.#sendUpdate(Y.encodeStateAsUpdate(this.doc, fromBase64(message.stateVector)));
      } catch {
        // A malformed state vector: the other side asks again on its next sync.
      }
    }
  }

  onSaveState(listener: (state: SaveState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Saves what is not saved yet, now; resolves once the endpoint holds it. */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    while (this.#saving) await this.#saving;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#tell('saving');
    let failed = false;
    this.#saving = this.api
      .save(this.id, toBase64(Y.encodeStateAsUpdate(this.doc)))
      .then((saved) => {
        this.applyStored(saved.document);
        this.#tell(this.#dirty ? 'saving' : 'saved');
      })
      .catch((error: unknown) => {
        // Kept for the next change or the close, which try again; no retry loop against a refusal.
        this.#dirty = true;
        failed = true;
        this.#tell({ failed: error });
      })
      .finally(() => {
        this.#saving = null;
      });
    await this.#saving;
    if (this.#dirty && !failed && this.#timer === null) this.#scheduleSave();
  }

  /** Saves what is left and lets go. */
  async close(): Promise<void> {
    await this.flush();
    this.doc.destroy();
  }

  #scheduleSave(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#tell('saving');
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, SAVE_AFTER_MS);
  }

  #tell(state: SaveState): void {
    for (const listener of this.#listeners) listener(state);
  }

  #sendUpdate(update: Uint8Array): void {
    if (!this.peer) return;
    const text = toBase64(update);
    const count = Math.ceil(text.length / PART_CHARS);
    if (count > SHOT_UPDATE_PARTS_MAX) return; // larger than any stored drawing: the endpoint carries it
    if (count <= 1) {
      this.peer.send({ type: 'shot-update', id: this.id, update: text });
      return;
    }
    for (let index = 0; index < count; index += 1) {
      const part = text.slice(index * PART_CHARS, (index + 1) * PART_CHARS);
      if (!this.peer.send({ type: 'shot-update', id: this.id, update: part, part: [index, count] })) return;
    }
  }
}
