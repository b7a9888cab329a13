import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { TandemError } from '../../../src-shared/errors';
import {
  VIDEO_CALL_PATH,
  VIDEO_SOCKET_SIGNED_OUT,
  callServerFrameSchema,
  type CallClientMessage,
} from '../../../src-shared/video/live';
import type { CoreServices } from '../coreServices';

/** A description is at most 64 KiB; a frame is never much more. */
const FRAME_MAX_BYTES = 128 * 1024;

/**
 * VS-5 in the desktop app: the window runs the call (WebRTC is the renderer's) but may open no socket
 * to the endpoint, so the core opens each call socket for it and passes the messages both ways, each
 * checked against `live.ts`. The window's `join` is sent with the session this core holds: the window
 * never has the user's token.
 */
export class CallRelay {
  readonly #sockets = new Map<string, WebSocket>();

  constructor(private readonly parts: Pick<CoreServices, 'cloud' | 'account' | 'events' | 'log'>) {}

  open(): { relayId: string } {
    if (!this.parts.account.sessionToken())
      throw new TandemError('signed_out', 'Sign in with your company account first.');
    const relayId = randomUUID();
    const url = new URL(VIDEO_CALL_PATH, this.parts.cloud.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, { maxPayload: FRAME_MAX_BYTES, handshakeTimeout: 10_000 });
    this.#sockets.set(relayId, socket);
    socket.on('open', () => this.parts.events.emit('videoCall.relay', { relayId, kind: 'open' }));
    socket.on('message', (data) => {
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        json = undefined;
      }
      const frame = callServerFrameSchema.safeParse(json);
      if (!frame.success) return this.parts.log.warn('the call socket sent a frame outside the protocol; ignored');
      this.parts.events.emit('videoCall.relay', { relayId, kind: 'frame', frame: frame.data });
    });
    socket.on('error', (error) => this.parts.log.debug({ err: error.message }, 'call socket error'));
    socket.on('close', (code) => {
      this.#sockets.delete(relayId);
      this.parts.events.emit('videoCall.relay', { relayId, kind: 'close', code });
    });
    return { relayId };
  }

  send(relayId: string, message: CallClientMessage): void {
    const socket = this.#sockets.get(relayId);
    if (socket?.readyState !== WebSocket.OPEN) throw new TandemError('not_found', 'This call socket is closed.');
    if (message.type === 'join') {
      const token = this.parts.account.sessionToken();
      // Signed out meanwhile: the endpoint would refuse the join the same way.
      if (!token) return socket.close(VIDEO_SOCKET_SIGNED_OUT, 'signed out');
      socket.send(JSON.stringify({ ...message, token }));
      return;
    }
    socket.send(JSON.stringify(message));
  }

  close(relayId: string): void {
    this.#sockets.get(relayId)?.close(1000, 'left');
  }

  closeAll(): void {
    for (const socket of this.#sockets.values()) socket.close(1001, 'closing');
  }
}
