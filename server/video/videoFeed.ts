import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import {
  FEED_AUTH_MS,
  VIDEO_FEED_PATH,
  VIDEO_SOCKET_SIGNED_OUT,
  videoFeedAuthSchema,
  type VideoFeedFrame,
} from '../../src-shared/video/live';
import { videoSessionSchema, type VideoSession } from '../../src-shared/video/sessionContract';
import { videoTicketMessageSchema, videoTicketSchema } from '../../src-shared/video/ticketContract';
import type { AccountStore, UserRecord } from '../accounts/accountStore';
import type { CodeUser, CodeUserTokens } from '../auth/codeUserAuth';
import { MAX_WAITING_SOCKETS_PER_SOURCE, TOO_MANY_WAITING, WaitingSockets } from '../security/waitingSockets';
import { companyBusFor, type CompanyBus } from '../shared/companyBus';
import type { SharedState } from '../shared/sharedState';
import { networkSource } from '../signaling/sourceKeys';
import { codeUserView, type SessionChangeNews } from './videoSessionStore';

const TOPIC = 'video-feed';
/** The one message a feed socket sends is its token: anything longer is no such message. */
const MAX_AUTH_CHARS = 2048;

/** What travels between instances on the company bus: one change (the bus carries the company). */
const newsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('session'),
    session: videoSessionSchema,
    requested: z.boolean(),
    formerly: z.object({ assigneeIds: z.array(z.string()), open: z.boolean() }).optional(),
  }),
  z.object({ kind: z.literal('ticket'), ticket: videoTicketSchema }),
  z.object({
    kind: z.literal('message'),
    deviceId: z.string(),
    ticketId: z.string(),
    message: videoTicketMessageSchema,
  }),
]);
type News = z.infer<typeof newsSchema>;

type Listener =
  { kind: 'employee'; token: string; user: UserRecord } | { kind: 'code-user'; token: string; codeUser: CodeUser };

interface FeedSocket {
  readonly listener: Listener;
  readonly socket: WebSocket;
  /** Frames go out one change after the other, each after the token was checked again. */
  queue: Promise<void>;
}

/**
 * The video feed (`src-shared/video/live.ts`): sessions, tickets and messages pushed to every person
 * who may see them the moment they change, and the notification of a new request to each employee
 * responsible for it (VS-2). A change goes to every instance on the company bus
 * (`server/shared/companyBus.ts`), and each instance hands it to its own sockets of that company. Each socket's token is checked
 * again before anything is sent to it — a revoked code user's token or an ended sign-in closes the
 * socket with VIDEO_SOCKET_SIGNED_OUT then, and the permissions read then decide what it sees. An
 * idle socket is sent nothing, so an ended token costs nothing until the next change would reach it.
 */
export class VideoFeed {
  readonly #sockets = new Map<string, Set<FeedSocket>>();
  readonly #bus: CompanyBus<News>;

  constructor(
    private readonly parts: {
      accounts: Pick<AccountStore, 'resolveToken'>;
      codeUsers: CodeUserTokens;
      shared: SharedState;
      log: { warn(object: object, message: string): void };
    },
  ) {
    this.#bus = companyBusFor(parts.shared, TOPIC, newsSchema, parts.log);
  }

  /** Hears every instance's changes (this one's too). */
  listen(): Promise<void> {
    return this.#bus.listen((companyId, news) => this.#deliver(companyId, news));
  }

  session(companyId: string, session: VideoSession, change: SessionChangeNews): void {
    this.#tell(companyId, { kind: 'session', session: videoSessionSchema.parse(session), ...change });
  }

  ticket(companyId: string, ticket: z.input<typeof videoTicketSchema>): void {
    this.#tell(companyId, { kind: 'ticket', ticket: videoTicketSchema.parse(ticket) });
  }

  message(
    companyId: string,
    deviceId: string,
    ticketId: string,
    message: z.input<typeof videoTicketMessageSchema>,
  ): void {
    this.#tell(companyId, { kind: 'message', deviceId, ticketId, message });
  }

  /** Serves the feed's WebSocket: the first message authenticates it, within FEED_AUTH_MS. */
  serve(app: FastifyInstance): void {
    const waiting = new WaitingSockets(MAX_WAITING_SOCKETS_PER_SOURCE);
    app.get(VIDEO_FEED_PATH, { websocket: true, schema: { hide: true } }, (socket, request) => {
      const stopWaiting = waiting.take(networkSource(request.ip));
      if (!stopWaiting) {
        socket.close(TOO_MANY_WAITING, 'too many connections from this network are waiting to authenticate');
        return;
      }
      let state: 'waiting' | 'checking' | FeedSocket | 'closed' = 'waiting';
      const authTimer = setTimeout(() => socket.close(VIDEO_SOCKET_SIGNED_OUT, 'authenticate first'), FEED_AUTH_MS);
      authTimer.unref();
      socket.on('message', (data, isBinary) => {
        if (state !== 'waiting') return socket.close(1008, 'only one auth message is expected');
        const text = isBinary ? '' : data.toString();
        let json: unknown;
        try {
          json = text.length <= MAX_AUTH_CHARS ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const auth = videoFeedAuthSchema.safeParse(json);
        if (!auth.success) return socket.close(1008, 'the first message is {"type":"auth","token":…}');
        clearTimeout(authTimer);
        stopWaiting();
        state = 'checking';
        void this.#listener(auth.data.token)
          .then((listener) => {
            if (state !== 'checking') return;
            if (!listener) return socket.close(VIDEO_SOCKET_SIGNED_OUT, 'sign in, or enter the device code, again');
            const feedSocket: FeedSocket = { listener, socket, queue: Promise.resolve() };
            state = feedSocket;
            this.#add(feedSocket);
            send(socket, { type: 'ready', who: listener.kind });
          })
          .catch((error: unknown) => {
            this.parts.log.warn({ err: (error as Error).message }, 'a video feed socket failed to authenticate');
            socket.close(1011, 'authentication failed');
          });
      });
      socket.on('close', () => {
        clearTimeout(authTimer);
        stopWaiting();
        if (typeof state === 'object') this.#remove(state);
        state = 'closed';
      });
    });
  }

  close(): void {
    for (const sockets of this.#sockets.values()) {
      for (const feedSocket of sockets) feedSocket.socket.close(1001, 'the endpoint is stopping');
    }
    this.#sockets.clear();
  }

  #tell(companyId: string, news: News): void {
    this.#bus.publish(companyId, news).catch((error: unknown) => {
      this.parts.log.warn({ err: (error as Error).message }, 'telling a video change failed');
    });
  }

  /** An employee's sign-in (or API token), else a code user's token; null when neither counts. */
  async #listener(token: string): Promise<Listener | null> {
    const user = await this.parts.accounts.resolveToken(token);
    if (user) return { kind: 'employee', token, user };
    const codeUser = await this.parts.codeUsers.checkCodeUser(token);
    return codeUser && codeUser !== 'revoked' ? { kind: 'code-user', token, codeUser } : null;
  }

  #add(feedSocket: FeedSocket): void {
    const companyId = companyOf(feedSocket.listener);
    let sockets = this.#sockets.get(companyId);
    if (!sockets) this.#sockets.set(companyId, (sockets = new Set()));
    sockets.add(feedSocket);
  }

  #remove(feedSocket: FeedSocket): void {
    const companyId = companyOf(feedSocket.listener);
    const sockets = this.#sockets.get(companyId);
    sockets?.delete(feedSocket);
    if (sockets?.size === 0) this.#sockets.delete(companyId);
  }

  #deliver(companyId: string, news: News): void {
    for (const feedSocket of this.#sockets.get(companyId) ?? []) {
      feedSocket.queue = feedSocket.queue
        .then(() => this.#sendTo(feedSocket, companyId, news))
        .catch((error: unknown) => {
          this.parts.log.warn({ err: (error as Error).message }, 'a video feed frame was not sent');
        });
    }
  }

  async #sendTo(feedSocket: FeedSocket, companyId: string, news: News): Promise<void> {
    const { socket } = feedSocket;
    if (socket.readyState !== socket.OPEN) return;
    const current = await this.#listener(feedSocket.listener.token);
    if (!current || current.kind !== feedSocket.listener.kind || companyOf(current) !== companyId) {
      this.#remove(feedSocket);
      socket.close(VIDEO_SOCKET_SIGNED_OUT, 'sign in, or enter the device code, again');
      return;
    }
    for (const frame of framesFor(current, news)) send(socket, frame);
  }
}

function companyOf(listener: Listener): string {
  return listener.kind === 'employee' ? listener.user.companyId : listener.codeUser.companyId;
}

function send(socket: WebSocket, frame: VideoFeedFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

/**
 * What one person hears of a change (`sessionContract.ts`'s rules): an employee a session they may
 * see, and `requested` too when they are responsible for a new request; a code user their device's
 * sessions and tickets only, without the company's own fields.
 */
function framesFor(listener: Listener, news: News): VideoFeedFrame[] {
  if (listener.kind === 'code-user') {
    const { deviceId } = listener.codeUser;
    switch (news.kind) {
      case 'session':
        return news.session.deviceId === deviceId
          ? [{ type: 'code-user-session', session: codeUserView(news.session) }]
          : [];
      case 'ticket': {
        const { externalRef: _, ...ticket } = news.ticket;
        return news.ticket.deviceId === deviceId ? [{ type: 'ticket', ticket }] : [];
      }
      case 'message':
        return news.deviceId === deviceId ? [{ type: 'message', ticketId: news.ticketId, message: news.message }] : [];
    }
  }
  const { user } = listener;
  switch (news.kind) {
    case 'session': {
      const { session } = news;
      const assigned = session.assignees.some((person) => person.userId === user.id);
      const conducts = user.permissions.includes('video.conduct');
      const open = session.status === 'REQUESTED' && session.assignees.length === 0 && conducts;
      const responsible = assigned || open;
      // Those it was just taken from hear of it once more, so their lists and notifications drop it.
      const formerly =
        news.formerly !== undefined &&
        (news.formerly.assigneeIds.includes(user.id) || (news.formerly.open && conducts));
      const visible = responsible || formerly || user.permissions.includes('video.view');
      if (!visible) return [];
      const frames: VideoFeedFrame[] = [{ type: 'session', session }];
      if (news.requested && responsible) frames.push({ type: 'requested', session });
      return frames;
    }
    case 'ticket':
      return user.permissions.includes('video.view') ? [{ type: 'ticket', ticket: news.ticket }] : [];
    case 'message':
      return user.permissions.includes('video.view')
        ? [{ type: 'message', ticketId: news.ticketId, message: news.message }]
        : [];
  }
}
