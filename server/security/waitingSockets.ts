/**
 * WebSockets that have not proved who they are yet, counted per network source (an IPv4 address
 * or an IPv6 /64). Each costs a file descriptor until it authenticates or its timer closes it, so
 * one source may hold only so many at once: enough for an office behind one address whose
 * computers all reconnect together, far too few to exhaust the endpoint's open files.
 */
export class WaitingSockets {
  readonly #bySource = new Map<string, number>();

  constructor(readonly maxPerSource: number) {}

  /** A new socket from `source`: what to call once it authenticated or closed; null when the source has too many waiting. */
  take(source: string): (() => void) | null {
    const waiting = this.#bySource.get(source) ?? 0;
    if (waiting >= this.maxPerSource) return null;
    this.#bySource.set(source, waiting + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#bySource.get(source) ?? 1) - 1;
      if (left > 0) this.#bySource.set(source, left);
      else this.#bySource.delete(source);
    };
  }
}

/** Sockets one source may have waiting to authenticate, per endpoint (hub) or feed. */
export const MAX_WAITING_SOCKETS_PER_SOURCE = 256;
/** The close code a socket over that count gets at once: try again later (RFC 6455's 1013). */
export const TOO_MANY_WAITING = 1013;
