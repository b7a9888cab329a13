import type { EventName } from '../../src-shared/ipc/contract';
import { VIDEO_FEED_PATH, VIDEO_SOCKET_SIGNED_OUT, videoFeedFrameSchema } from '../../src-shared/video/live';
import type { VideoFeedState } from '../../src-shared/video/videoIpc';
import { openEndpointSocket, readFrame } from './consoleSocket';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * VS-2 in the web console: what the desktop core does for its window (`videoFeed.status`, the
 * `videoFeed.state` and `videoFeed.frame` events), over the console's own socket to the endpoint's
 * video feed, authenticated with the tab's bearer session in the first message. Opened when the
 * page first asks how the feed stands (a user with a video permission signed in); reconnects after a
 * drop, backing off; a session the endpoint ended closes it for good.
 */
export function consoleVideoFeed(emit: (event: EventName, payload: unknown) => void, token: () => string | null) {
  let state: VideoFeedState = { state: 'signed_out' };
  let socket: WebSocket | null = null;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: VideoFeedState) => {
    if (JSON.stringify(next) === JSON.stringify(state)) return;
    state = next;
    emit('videoFeed.state', next);
  };

  const connect = () => {
    retryTimer = null;
    const bearer = token();
    if (!bearer) return setState({ state: 'signed_out' });
    if (state.state !== 'offline') setState({ state: 'connecting' });
    const opened = openEndpointSocket(VIDEO_FEED_PATH);
    socket = opened;
    opened.onopen = () => opened.send(JSON.stringify({ type: 'auth', token: bearer }));
    opened.onmessage = (event: MessageEvent) => {
      const frame = readFrame(event, videoFeedFrameSchema);
      if (!frame || socket !== opened) return;
      if (frame.type === 'ready') {
        retryMs = RETRY_MIN_MS;
        return setState({ state: 'live' });
      }
      emit('videoFeed.frame', frame);
    };
    opened.onclose = (event: CloseEvent) => {
      if (socket !== opened) return;
      socket = null;
      if (event.code === VIDEO_SOCKET_SIGNED_OUT) return setState({ state: 'signed_out' });
      if (state.state !== 'offline') setState({ state: 'offline', since: new Date().toISOString() });
      const delay = retryMs * (0.5 + Math.random() / 2);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      retryTimer = setTimeout(connect, delay);
    };
  };

  return {
    status(): VideoFeedState {
      if (!socket && !retryTimer) connect();
      return state;
    },
    /** Signed out in this tab: the socket goes, and opens again when the next user's page asks. */
    close(): void {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const closing = socket;
      socket = null;
      closing?.close(1000, 'signed out');
      setState({ state: 'signed_out' });
    },
  };
}
