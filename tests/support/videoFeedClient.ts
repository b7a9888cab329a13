import WebSocket from 'ws';
import { VIDEO_FEED_PATH, videoFeedFrameSchema, type VideoFeedFrame } from '../../src-shared/video/live';

/**
 * A person's video feed socket (`src-shared/video/live.ts`), every frame kept and checked against
 * the contract. `until` waits for the first frame not yet read that matches, passing over the rest
 * (they stay in `frames`, to prove what did or did not arrive before a later frame).
 */
export async function videoFeed(baseUrl: string, token: string | null) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${VIDEO_FEED_PATH}`);
  const frames: VideoFeedFrame[] = [];
  const waiting = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  socket.on('message', (data) => {
    frames.push(videoFeedFrameSchema.parse(JSON.parse(String(data))));
    for (const check of [...waiting]) check();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  if (token) socket.send(JSON.stringify({ type: 'auth', token }));
  let read = 0;
  const until = <T extends VideoFeedFrame>(match: (frame: VideoFeedFrame) => frame is T) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        reject(new Error(`no such frame; got ${JSON.stringify(frames.slice(read))}`));
      }, 10_000);
      timers.add(timer);
      const check = () => {
        while (read < frames.length) {
          const frame = frames[read++]!;
          if (match(frame)) {
            waiting.delete(check);
            clearTimeout(timer);
            timers.delete(timer);
            resolve(frame);
            return;
          }
        }
      };
      waiting.add(check);
      check();
    });
  const ready = token ? until((frame): frame is VideoFeedFrame => frame.type === 'ready') : Promise.resolve(null);
  // A test that never reads `ready` (a refused token) must not leave a rejection behind it.
  ready.catch(() => undefined);
  /** Closes the socket and gives up every wait still open: nothing of this feed outlives its test. */
  const close = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    waiting.clear();
    socket.close();
  };
  return { socket, frames, until, closed, ready, close };
}

/** Frame matchers for `until`. */
export const frame = {
  session:
    (id: string, status?: string) =>
    (f: VideoFeedFrame): f is Extract<VideoFeedFrame, { type: 'session' }> =>
      f.type === 'session' && f.session.id === id && (status === undefined || f.session.status === status),
  codeUserSession:
    (id: string, status?: string) =>
    (f: VideoFeedFrame): f is Extract<VideoFeedFrame, { type: 'code-user-session' }> =>
      f.type === 'code-user-session' && f.session.id === id && (status === undefined || f.session.status === status),
  requested: (f: VideoFeedFrame): f is Extract<VideoFeedFrame, { type: 'requested' }> => f.type === 'requested',
  ticket: (f: VideoFeedFrame): f is Extract<VideoFeedFrame, { type: 'ticket' }> => f.type === 'ticket',
  message: (f: VideoFeedFrame): f is Extract<VideoFeedFrame, { type: 'message' }> => f.type === 'message',
};
