import WebSocket from 'ws';
import type { Permission } from '../../../src-shared/domain/accounts';
import {
  VIDEO_FEED_PATH,
  VIDEO_SOCKET_SIGNED_OUT,
  videoFeedFrameSchema,
  type VideoFeedFrame,
} from '../../../src-shared/video/live';
import type { VideoFeedState } from '../../../src-shared/video/videoIpc';
import type { CoreServices } from '../coreServices';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
const FRAME_MAX_BYTES = 256 * 1024;

/** Who takes part in video sessions: any of these lets the feed open. */
export const VIDEO_PERMISSIONS: readonly Permission[] = ['video.view', 'video.manage', 'video.conduct'];

/** A new request the signed-in employee is responsible for (VS-2): the desktop notification's content. */
export type VideoRequestNotice = Extract<VideoFeedFrame, { type: 'requested' }>['session'];

/**
 * VS-2 in the desktop app: while a user with a video permission is signed in, the core holds the
 * endpoint's video feed (authenticated with the session it already keeps), reconnects with back-off
 * after a drop, and hands every frame to the window (`videoFeed.frame`); a new request it is told
 * of goes to `onRequested` too (the desktop notification), whether or not a window is open.
 */
export class VideoFeedClient {
  #state: VideoFeedState = { state: 'signed_out' };
  #socket: WebSocket | null = null;
  #retryMs = RETRY_MIN_MS;
  #timer: NodeJS.Timeout | null = null;
  /** Bumped whenever what is under way stops mattering (signed out, closed): a late answer is dropped. */
  #generation = 0;
  #closed = false;

  constructor(
    private readonly parts: Pick<CoreServices, 'cloud' | 'account' | 'events' | 'log'>,
    private readonly onRequested: (session: VideoRequestNotice) => void,
  ) {}

  get state(): VideoFeedState {
    return this.#state;
  }

  /** Signed in, out, or as someone else: the feed follows (opens, closes, or opens again). */
  async refresh(): Promise<void> {
    this.#stop();
    if (this.#closed) return;
    const generation = this.#generation;
    if (!this.parts.account.sessionToken()) return this.#setState({ state: 'signed_out' });
    let permissions: readonly Permission[];
    try {
      // Offline, the user last confirmed: the socket then retries until the endpoint is back.
      permissions = (await this.parts.account.current())?.permissions ?? [];
    } catch (error) {
      this.parts.log.warn({ err: (error as Error).message }, 'video feed: who is signed in is unknown');
      permissions = [];
    }
    if (generation !== this.#generation) return;
    if (!this.parts.account.sessionToken()) return this.#setState({ state: 'signed_out' });
    if (!permissions.some((permission) => VIDEO_PERMISSIONS.includes(permission))) {
      return this.#setState({ state: 'not_permitted' });
    }
    this.#open(generation);
  }

  close(): void {
    this.#closed = true;
    this.#stop();
  }

  #stop(): void {
    this.#generation++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'closed');
  }

  #open(generation: number): void {
    const token = this.parts.account.sessionToken();
    if (!token) return this.#setState({ state: 'signed_out' });
    if (this.#state.state !== 'offline') this.#setState({ state: 'connecting' });
    const url = new URL(VIDEO_FEED_PATH, this.parts.cloud.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, { maxPayload: FRAME_MAX_BYTES, handshakeTimeout: 10_000 });
    this.#socket = socket;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.on('message', (data) => {
      if (this.#socket === socket) this.#onFrame(data.toString());
    });
    socket.on('error', (error) => this.parts.log.debug({ err: error.message }, 'video feed socket error'));
    socket.on('close', (code) => {
      if (this.#socket !== socket || generation !== this.#generation) return;
      this.#socket = null;
      // The session ended on the endpoint: asking who is signed in forgets it here as well.
      if (code === VIDEO_SOCKET_SIGNED_OUT) return void this.refresh();
      if (this.#state.state !== 'offline') this.#setState({ state: 'offline', since: new Date().toISOString() });
      const delay = this.#retryMs * (0.5 + Math.random() / 2);
      this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
      this.#timer = setTimeout(() => {
        if (generation === this.#generation) this.#open(generation);
      }, delay);
      this.#timer.unref();
    });
  }

  #onFrame(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = videoFeedFrameSchema.safeParse(json);
    if (!parsed.success) {
      this.parts.log.warn('the video feed sent a frame outside the protocol; ignored');
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'ready') {
      this.#retryMs = RETRY_MIN_MS;
      return this.#setState({ state: 'live' });
    }
    this.parts.events.emit('videoFeed.frame', frame);
    if (frame.type === 'requested') {
      try {
        this.onRequested(frame.session);
      } catch (error) {
        // A notification that cannot be shown must not take the feed down: the window still tells.
        this.parts.log.warn({ err: (error as Error).message }, 'video request notification failed');
      }
    }
  }

  #setState(next: VideoFeedState): void {
    if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    this.parts.events.emit('videoFeed.state', next);
  }
}
