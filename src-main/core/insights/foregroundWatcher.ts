import { createRequire } from 'node:module';

export interface ForegroundWindow {
  app: string;
  title: string;
}

export type ForegroundProbe = () => ForegroundWindow | null;

const loadModule = createRequire(__filename);

/** Tandem's native addon where it can read the foreground window here; null where it cannot. */
export function nativeForegroundProbe(): ForegroundProbe | null {
  if (process.platform === 'linux' && !process.env.DISPLAY) return null;
  try {
    const native = loadModule('@tandem/native') as { foregroundWindow(): ForegroundWindow | null };
    return () => {
      try {
        return native.foregroundWindow();
      } catch {
        return null;
      }
    };
  } catch {
    return null;
  }
}

/**
 * SI-8's "applications involved": while a host session is logged, the application and window
 * title in front are recorded whenever they change (polled; nothing else of the screen).
 */
export class ForegroundWatcher {
  #timer: NodeJS.Timeout | null = null;
  readonly #last = new Map<string, string>();

  constructor(
    private readonly probe: ForegroundProbe,
    private readonly loggedHostSessions: () => string[],
    private readonly record: (requestId: string, window: ForegroundWindow) => void,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => this.tick(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One look at the foreground: records it for every logged session it changed for. */
  tick(): void {
    const sessions = this.loggedHostSessions();
    for (const id of this.#last.keys()) if (!sessions.includes(id)) this.#last.delete(id);
    if (sessions.length === 0) return;
    const window = this.probe();
    if (!window || !window.app) return;
    const key = `${window.app}\u0000${window.title}`;
    for (const requestId of sessions) {
      if (this.#last.get(requestId) === key) continue;
      this.#last.set(requestId, key);
      this.record(requestId, window);
    }
  }
}
