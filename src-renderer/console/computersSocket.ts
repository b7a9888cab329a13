import type { EventName } from '../../src-shared/ipc/contract';
import { COMPUTERS_CONSOLE_FEED_PATH, CONSOLE_FEED_SIGNED_OUT } from '../../src-shared/signaling/consoleFeed';
import { serverMessageSchema } from '../../src-shared/signaling/protocol';
import { openEndpointSocket, readFrame } from './consoleSocket';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Computers in the web console: what the desktop core does for its window (`computers.watch`,
 * `unwatch`, the `computers.changed` event), over the console's own socket to the endpoint
 * (`src-shared/signaling/consoleFeed.ts`), authenticated with the tab's bearer session. The list
 * reads itself again on each change, and once the subscription (re)starts, so nothing missed while
 * the socket was down stays missing. A refusal (no `computers.view`) or a signed-out session stops
 * it: the list itself says why; any other close reconnects, backing off.
 */
export function consoleComputers(emit: (event: EventName, payload: unknown) => void, token: () => string | null) {
  let socket: WebSocket | null = null;
  let watching = false;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const connect = () => {
    retryTimer = null;
    const bearer = token();
    if (!bearer || !watching) return;
    const opened = openEndpointSocket(COMPUTERS_CONSOLE_FEED_PATH);
    socket = opened;
    let refused = false;
    opened.onopen = () => opened.send(JSON.stringify({ type: 'auth', token: bearer }));
    opened.onmessage = (event: MessageEvent) => {
      const frame = readFrame(event, serverMessageSchema);
      if (!frame || socket !== opened) return;
      if (frame.type === 'computers-subscribed') {
        retryMs = RETRY_MIN_MS;
        emit('computers.changed', { deviceId: null });
      } else if (frame.type === 'computers-changed') {
        emit('computers.changed', { deviceId: frame.deviceId });
      } else if (frame.type === 'computers-refused') {
        // An expired ticket is renewed by the endpoint; `forbidden` is final for this session.
        refused = frame.code === 'forbidden';
      }
    };
    opened.onclose = (event: CloseEvent) => {
      if (socket !== opened) return;
      socket = null;
      if (!watching || refused || event.code === CONSOLE_FEED_SIGNED_OUT) return;
      const delay = retryMs * (0.5 + Math.random() / 2);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      retryTimer = setTimeout(connect, delay);
    };
  };

  return {
    watch(): void {
      if (watching) return;
      watching = true;
      connect();
    },
    unwatch(): void {
      watching = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const closing = socket;
      socket = null;
      closing?.close(1000, 'closed');
    },
  };
}
