import type { Envelope } from './envelope';

/**
 * The untyped pipe a client talks through: Electron's preload (`window.tandem`) and the
 * loopback WebSocket bridge both provide exactly this shape.
 */
export interface IpcTransport {
  invoke(channel: string, payload: unknown): Promise<Envelope | unknown>;
  /** A one-way channel's request, not answered; a channel that is not one-way is refused. */
  send(channel: string, payload: unknown): void;
  /** Subscribes to every pushed event; returns the unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}
