import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import {
  CONSOLE_FEED_AUTH_MS,
  CONSOLE_FEED_SIGNED_OUT,
  consoleFeedAuthSchema,
} from '../../src-shared/signaling/consoleFeed';
import type { ClientMessage, ServerMessage } from '../../src-shared/signaling/protocol';
import type { AccountStore } from '../accounts/accountStore';
import type { SubscriptionTickets } from '../liveview/subscriptionTicket';
import { MAX_WAITING_SOCKETS_PER_SOURCE, TOO_MANY_WAITING, WaitingSockets } from '../security/waitingSockets';
import type { FeatureSocket, HubFeature } from './hub';
import { networkSource } from './sourceKeys';

/** The subscription is renewed when this share of its ticket's life is over. */
const RENEW_AT = 0.8;
/** The one message a console socket sends is its token: anything longer is no such message. */
const MAX_AUTH_CHARS = 1024;

/**
 * A company feed in the web console (`src-shared/signaling/consoleFeed.ts`): a WebSocket the
 * signed-in user's bearer session opens at `path`, fed by the same hub feature as the signaling
 * hub's sockets. The endpoint holds the ticket for the socket and renews it, checking the session
 * again each time; the feature checks the permission at each subscribe, as it does for a desktop
 * app, and its refusal (`refused`) ends the socket.
 */
export function serveConsoleFeed(
  app: FastifyInstance,
  parts: {
    path: string;
    accounts: Pick<AccountStore, 'resolveToken'>;
    feed: HubFeature;
    tickets: SubscriptionTickets;
    ticketTtlMs: number;
    subscribe: (ticket: string) => ClientMessage;
    refused: ServerMessage['type'];
  },
): void {
  const waiting = new WaitingSockets(MAX_WAITING_SOCKETS_PER_SOURCE);
  app.get(parts.path, { websocket: true, schema: { hide: true } }, (socket, request) => {
    const stopWaiting = waiting.take(networkSource(request.ip));
    if (!stopWaiting) {
      socket.close(TOO_MANY_WAITING, 'too many connections from this network are waiting to authenticate');
      return;
    }
    const id = `console-${randomBytes(16).toString('base64url')}`;
    let closed = false;
    let token: string | null = null;
    let renewTimer: NodeJS.Timeout | null = null;
    const authTimer = setTimeout(
      () => socket.close(CONSOLE_FEED_SIGNED_OUT, 'authenticate first'),
      CONSOLE_FEED_AUTH_MS,
    );
    authTimer.unref();
    const end = (code: number, reason: string) => {
      if (renewTimer) clearTimeout(renewTimer);
      socket.close(code, reason);
    };

    const subscribe = async () => {
      const user = token ? await parts.accounts.resolveToken(token) : null;
      if (closed) return;
      if (!user) return end(CONSOLE_FEED_SIGNED_OUT, 'the session ended');
      // The ticket names this user as its holder's device: the feed's per-device limit counts per user.
      const holder: FeatureSocket = {
        id,
        deviceId: `console:${user.id}`,
        send: (message: ServerMessage) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
          // Refused (the permission is gone): nothing more comes, so the socket closes.
          if (message.type === parts.refused) end(1000, 'refused');
        },
        isClosed: () => closed,
      };
      const { ticket } = parts.tickets.issue({ deviceId: holder.deviceId, userId: user.id, companyId: user.companyId });
      await parts.feed.handle(holder, parts.subscribe(ticket));
      if (closed || socket.readyState !== socket.OPEN) return;
      renewTimer = setTimeout(() => void subscribe().catch(failed), parts.ticketTtlMs * RENEW_AT);
      renewTimer.unref();
    };
    const failed = (error: unknown) => {
      app.log.warn({ err: error, path: parts.path }, 'a console feed subscription failed');
      end(1011, 'subscription failed');
    };

    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      let json: unknown;
      try {
        json = text.length <= MAX_AUTH_CHARS ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const auth = consoleFeedAuthSchema.safeParse(json);
      if (token !== null || !auth.success) return end(1008, 'only one auth message is expected');
      clearTimeout(authTimer);
      stopWaiting();
      token = auth.data.token;
      subscribe().catch(failed);
    });
    socket.on('close', () => {
      closed = true;
      clearTimeout(authTimer);
      stopWaiting();
      if (renewTimer) clearTimeout(renewTimer);
      parts.feed.closed(id);
    });
  });
}
