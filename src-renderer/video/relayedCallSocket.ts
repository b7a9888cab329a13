import type { TandemClient } from '../../src-shared/ipc/client';
import { callClientMessageSchema } from '../../src-shared/video/live';

/**
 * A call socket the desktop core carries for this window (`videoCall.*`), shaped as the part of a
 * WebSocket the call module uses: the window's CSP lets it open no socket to the endpoint, and the
 * core joins with the session it holds (the `join` sent from here carries no real token).
 */
class RelayedCallSocket {
  readyState: number = WebSocket.CONNECTING;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  #relayId: string | null = null;
  #stop: (() => void) | null = null;

  constructor(private readonly client: TandemClient) {
    void client.invoke('videoCall.open', {}).then(
      ({ relayId }) => {
        this.#relayId = relayId;
        this.#stop = client.on('videoCall.relay', (event) => {
          if (event.relayId !== relayId) return;
          if (event.kind === 'open') {
            this.readyState = WebSocket.OPEN;
            this.onopen?.();
          } else if (event.kind === 'frame') {
            this.onmessage?.({ data: JSON.stringify(event.frame) });
          } else this.#closed(event.code);
        });
      },
      // The core could not open it (signed out, say): a socket that never opened.
      () => this.#closed(1006),
    );
  }

  send(text: string): void {
    const message = callClientMessageSchema.parse(JSON.parse(text));
    if (this.#relayId)
      void this.client.invoke('videoCall.send', { relayId: this.#relayId, message }).catch(() => undefined);
  }

  close(): void {
    if (this.readyState === WebSocket.CLOSED) return;
    this.readyState = WebSocket.CLOSING;
    if (this.#relayId) void this.client.invoke('videoCall.close', { relayId: this.#relayId }).catch(() => undefined);
  }

  #closed(code: number): void {
    this.readyState = WebSocket.CLOSED;
    this.#stop?.();
    this.onclose?.({ code });
  }
}

/** What the call module opens instead of a WebSocket in the desktop window. */
export function relayedCallSocket(client: TandemClient): (url: string) => WebSocket {
  return () => new RelayedCallSocket(client) as unknown as WebSocket;
}
