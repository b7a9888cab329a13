import type { EventName } from '../../src-shared/ipc/contract';
import { CONSOLE_FEED_SIGNED_OUT, LIVEVIEW_CONSOLE_FEED_PATH } from '../../src-shared/signaling/consoleFeed';
import type { LiveViewState } from '../../src-shared/liveview/liveViewIpc';
import { LiveViewRowsKeeper } from '../../src-shared/liveview/liveViewRows';
import { serverMessageSchema } from '../../src-shared/signaling/protocol';
import { openEndpointSocket, readFrame } from './consoleSocket';

/** The window hears the rows at most this often, as from the desktop core. */
const FLUSH_MS = 100;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * LV-1 in the web console: what the desktop core does for its window (`liveView.open`, `close`,
 * the `liveView.state` and `liveView.rows` events), over the console's own socket to the endpoint
 * (`src-shared/liveview/consoleFeed.ts`), authenticated with the tab's bearer session. The endpoint
 * renews the subscription; this side reconnects after a drop, backing off, and keeps the last rows
 * meanwhile.
 */
export function consoleLiveView(emit: (event: EventName, payload: unknown) => void, token: () => string | null) {
  const rows = new LiveViewRowsKeeper();
  let state: LiveViewState = { state: 'closed' };
  let socket: WebSocket | null = null;
  let shown = false;
  let retryMs = RETRY_MIN_MS;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: LiveViewState) => {
    if (JSON.stringify(next) === JSON.stringify(state)) return;
    state = next;
    emit('liveView.state', next);
  };
  const scheduleFlush = () => {
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      const batch = shown ? rows.takeBatch() : null;
      if (batch) emit('liveView.rows', batch);
    }, FLUSH_MS);
  };
  const stopped = (next: LiveViewState) => {
    rows.forget();
    scheduleFlush();
    setState(next);
  };

  const connect = () => {
    retryTimer = null;
    const bearer = token();
    if (!bearer) return stopped({ state: 'signed_out' });
    if (rows.size === 0 && state.state !== 'offline') setState({ state: 'loading' });
    const opened = openEndpointSocket(LIVEVIEW_CONSOLE_FEED_PATH);
    socket = opened;
    let refusedAs: string | null = null;
    opened.onopen = () => {
      rows.expectSnapshot();
      opened.send(JSON.stringify({ type: 'auth', token: bearer }));
    };
    opened.onmessage = (event: MessageEvent) => {
      const frame = readFrame(event, serverMessageSchema);
      if (!frame || socket !== opened) return;
      if (frame.type === 'liveview-refused') {
        refusedAs = frame.code;
        return;
      }
      const taken = rows.take(frame);
      if (taken === 'snapshot') {
        retryMs = RETRY_MIN_MS;
        setState({ state: 'live' });
      }
      if (taken) scheduleFlush();
    };
    opened.onclose = (event: CloseEvent) => {
      if (socket !== opened) return;
      socket = null;
      if (!shown) return;
      if (event.code === CONSOLE_FEED_SIGNED_OUT) return stopped({ state: 'signed_out' });
      if (refusedAs === 'forbidden') return stopped({ state: 'not_permitted' });
      rows.dropSnapshot();
      // A ticket that ran out is renewed at once (the first time); any other close waits, longer each time.
      if (refusedAs !== null && retryMs === RETRY_MIN_MS) {
        retryMs *= 2;
        return connect();
      }
      if (state.state !== 'offline') setState({ state: 'offline', since: new Date().toISOString() });
      const delay = retryMs * (0.5 + Math.random() / 2);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      retryTimer = setTimeout(connect, delay);
    };
  };

  return {
    open(): LiveViewState {
      rows.resendAll();
      scheduleFlush();
      if (!shown) {
        shown = true;
        connect();
      }
      return state;
    },
    close(): void {
      shown = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const closing = socket;
      socket = null;
      closing?.close(1000, 'closed');
      rows.forget();
      state = { state: 'closed' };
    },
  };
}
