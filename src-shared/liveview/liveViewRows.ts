import type { ServerMessage } from '../signaling/protocol';
import type { HelpSession } from './contract';
import type { LiveViewRows } from './liveViewIpc';

/**
 * The help sessions a Live View subscriber holds, from the hub's `liveview-*` frames, and what the
 * window has not been told yet. Shared by the desktop core (signaling connection) and the web
 * console (its own socket); the timers that batch and renew are theirs.
 */
export class LiveViewRowsKeeper {
  /** The company's open help sessions as last heard. */
  readonly #rows = new Map<string, HelpSession>();
  /** A snapshot arriving in chunks; null when none is expected. */
  #incoming: Map<string, HelpSession> | null = null;
  /** What the window has not heard yet: a help session that changed, or null for one that went. */
  readonly #pending = new Map<string, HelpSession | null>();
  /** The window needs every row again (it just opened, or the rows were forgotten). */
  #resend = false;

  get size(): number {
    return this.#rows.size;
  }

  /** A subscription was just sent: its snapshot is expected. */
  expectSnapshot(): void {
    this.#incoming = new Map();
  }

  /** The subscription stopped before its snapshot was complete. */
  dropSnapshot(): void {
    this.#incoming = null;
  }

  /**
   * Takes one frame; `snapshot` when a snapshot is complete (reconciled: the window hears only
   * what differs from the rows it has), `change` for an upsert or remove, null for anything else.
   */
  take(message: ServerMessage): 'snapshot' | 'change' | null {
    switch (message.type) {
      case 'liveview-snapshot':
        if (!this.#incoming) return null;
        for (const helpSession of message.helpSessions) this.#incoming.set(helpSession.id, helpSession);
        if (!message.done) return null;
        this.#reconcile(this.#incoming);
        this.#incoming = null;
        return 'snapshot';
      case 'liveview-upsert':
        this.#rows.set(message.helpSession.id, message.helpSession);
        this.#incoming?.set(message.helpSession.id, message.helpSession);
        this.#pending.set(message.helpSession.id, message.helpSession);
        return 'change';
      case 'liveview-remove':
        this.#rows.delete(message.id);
        this.#incoming?.delete(message.id);
        this.#pending.set(message.id, null);
        return 'change';
      default:
        return null;
    }
  }

  /** The next batch is every row (a window opened). */
  resendAll(): void {
    this.#resend = true;
  }

  /** No rows any more (not permitted, signed out, closed); the window is told so. */
  forget(): void {
    this.#rows.clear();
    this.#pending.clear();
    this.#incoming = null;
    this.#resend = true;
  }

  /** What the window has not heard, as one batch; null when nothing. */
  takeBatch(): LiveViewRows | null {
    if (this.#resend) {
      this.#resend = false;
      this.#pending.clear();
      return { snapshot: true, upserts: [...this.#rows.values()], removes: [] };
    }
    if (this.#pending.size === 0) return null;
    const upserts: HelpSession[] = [];
    const removes: string[] = [];
    for (const [id, row] of this.#pending) {
      if (row) upserts.push(row);
      else removes.push(id);
    }
    this.#pending.clear();
    return { snapshot: false, upserts, removes };
  }

  #reconcile(snapshot: Map<string, HelpSession>): void {
    for (const [id, row] of this.#rows) {
      if (!snapshot.has(id)) {
        this.#rows.delete(id);
        this.#pending.set(id, null);
      } else if (JSON.stringify(row) !== JSON.stringify(snapshot.get(id))) {
        this.#pending.set(id, snapshot.get(id)!);
      }
    }
    for (const [id, row] of snapshot) {
      if (!this.#rows.has(id)) this.#pending.set(id, row);
      this.#rows.set(id, row);
    }
  }
}
