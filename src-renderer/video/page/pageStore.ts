import { create } from 'zustand';
import { videoRoutes } from '../../../src-shared/video/contract';
import { videoSessionRoutes, type CodeUserVideoSession } from '../../../src-shared/video/sessionContract';
import { videoTicketRoutes, type VideoTicket } from '../../../src-shared/video/ticketContract';
import {
  FEED_AUTH_MS,
  VIDEO_FEED_PATH,
  VIDEO_SOCKET_SIGNED_OUT,
  videoFeedFrameSchema,
} from '../../../src-shared/video/live';
import { callRoute, pageError, savedToken, saveToken, type PageError } from './api';

export type CodeUserTicket = Omit<VideoTicket, 'externalRef'>;

export type PageView =
  { kind: 'home' } | { kind: 'ticket'; id: string } | { kind: 'new-ticket' } | { kind: 'call'; sessionId: string };

interface PageState {
  /** `join`: no token (or it ended); `loading`: reading the device's lists; `ready`: the overview and the rest. */
  phase: 'join' | 'loading' | 'ready';
  token: string | null;
  device: { id: string; name: string; company: string } | null;
  sessions: CodeUserVideoSession[];
  requestsAllowed: boolean;
  tickets: CodeUserTicket[];
  view: PageView;
  /** The last failure reading the lists (the overview offers to try again). */
  loadError: PageError | null;
  /** Told once: the access ended (device disabled, code replaced). */
  signedOut: boolean;
}

export const usePageStore = create<PageState>(() => ({
  phase: savedToken() ? 'loading' : 'join',
  token: savedToken(),
  device: null,
  sessions: [],
  requestsAllowed: false,
  tickets: [],
  view: { kind: 'home' },
  loadError: null,
  signedOut: false,
}));

const byUpdate = <T extends { updatedAt: string }>(items: T[]) =>
  [...items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

function upsert<T extends { id: string; updatedAt: string }>(items: T[], item: T): T[] {
  return byUpdate([item, ...items.filter((other) => other.id !== item.id)]);
}

let feed: WebSocket | null = null;
let feedRetry: ReturnType<typeof setTimeout> | null = null;

/** The access ended: back to the code, told why. */
export function signOut(told: boolean): void {
  saveToken(null);
  feed?.close();
  feed = null;
  if (feedRetry) clearTimeout(feedRetry);
  usePageStore.setState({
    phase: 'join',
    token: null,
    device: null,
    sessions: [],
    tickets: [],
    view: { kind: 'home' },
    signedOut: told,
  });
}

/** A refusal that means the token is no longer good signs out; anything else is the caller's to show. */
export function handleFailure(error: unknown): PageError {
  const failure = pageError(error);
  if (failure.code === 'video_code_user_revoked' || failure.code === 'unauthorized') signOut(true);
  return failure;
}

export async function joinWithCode(code: string): Promise<void> {
  const joined = await callRoute(videoRoutes['video.join'], { body: { code } });
  saveToken(joined.token);
  usePageStore.setState({ token: joined.token, device: joined.device, phase: 'loading', signedOut: false });
  await load();
}

/** Reads the device, its sessions and tickets; then the feed keeps them current. */
export async function load(): Promise<void> {
  const token = usePageStore.getState().token;
  if (!token) return;
  usePageStore.setState({ loadError: null });
  try {
    const [me, sessions, tickets] = await Promise.all([
      callRoute(videoRoutes['video.codeUser.me'], {}, token),
      callRoute(videoSessionRoutes['video.codeUser.sessions.list'], {}, token),
      callRoute(videoTicketRoutes['video.codeUser.tickets.list'], { query: {} }, token),
    ]);
    usePageStore.setState({
      device: me.device,
      sessions: byUpdate(sessions.sessions),
      requestsAllowed: sessions.requestsAllowed,
      tickets: byUpdate(tickets.tickets),
      phase: 'ready',
    });
    openFeed(token);
  } catch (error) {
    const failure = handleFailure(error);
    if (usePageStore.getState().token) usePageStore.setState({ loadError: failure, phase: 'ready' });
  }
}

export function sessionChanged(session: CodeUserVideoSession): void {
  usePageStore.setState((state) => ({ sessions: upsert(state.sessions, session) }));
}

export function ticketChanged(ticket: CodeUserTicket): void {
  usePageStore.setState((state) => ({ tickets: upsert(state.tickets, ticket) }));
}

/** Listeners of one ticket's new messages (the open conversation). */
export const messageListeners = new Set<(ticketId: string, message: unknown) => void>();

/** The feed (live.ts): the device's sessions and tickets as they change; reopened after a drop. */
function openFeed(token: string): void {
  if (feed) return;
  const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}${VIDEO_FEED_PATH}`);
  feed = socket;
  let ready = false;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
  socket.onmessage = (event) => {
    let parsed;
    try {
      parsed = videoFeedFrameSchema.safeParse(JSON.parse(String(event.data)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === 'ready') {
      // Read the lists again once: what changed between the first read and the feed's start.
      if (ready) return;
      ready = true;
      void refreshLists(token);
    } else if (frame.type === 'code-user-session') sessionChanged(frame.session);
    else if (frame.type === 'ticket') ticketChanged(frame.ticket);
    else if (frame.type === 'message') for (const listener of messageListeners) listener(frame.ticketId, frame.message);
  };
  socket.onclose = (event) => {
    if (feed !== socket) return;
    feed = null;
    if (event.code === VIDEO_SOCKET_SIGNED_OUT) return signOut(true);
    if (usePageStore.getState().token !== token) return;
    feedRetry = setTimeout(() => openFeed(token), ready ? 1000 : FEED_AUTH_MS / 2);
  };
}

async function refreshLists(token: string): Promise<void> {
  try {
    const [sessions, tickets] = await Promise.all([
      callRoute(videoSessionRoutes['video.codeUser.sessions.list'], {}, token),
      callRoute(videoTicketRoutes['video.codeUser.tickets.list'], { query: {} }, token),
    ]);
    usePageStore.setState({
      sessions: byUpdate(sessions.sessions),
      requestsAllowed: sessions.requestsAllowed,
      tickets: byUpdate(tickets.tickets),
    });
  } catch (error) {
    handleFailure(error);
  }
}
