import type { AccountStatus } from '../../src-shared/domain/accounts';
import { TandemError } from '../../src-shared/errors';
import { endpointError } from '../../src-shared/http/refusal';
import {
  routePath,
  routeQuery,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
} from '../../src-shared/http/route';
import { endpointChannelTable, endpointRoutes } from '../../src-shared/http/routeTable';
import { failure, success, type Envelope } from '../../src-shared/ipc/envelope';
import type { Channel, EventName, Request } from '../../src-shared/ipc/contract';
import type { IpcTransport } from '../../src-shared/ipc/transport';
import { consoleComputers } from './computersSocket';
import { consoleLiveView } from './liveViewSocket';
import { consoleVideoFeed } from './videoFeedSocket';

const TOKEN_KEY = 'tandem.console.session';
const CALL_TIMEOUT_MS = 30_000;

/** The signed-in user's session in this tab only: never a cookie, so no other site can ride on it (CSRF). */
export const consoleSession = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  keep: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** Calls one route of the endpoint this page came from, as the signed-in user. */
export async function callRoute<const R extends RouteContract>(
  route: R,
  input: RouteInput<R>,
  bearer: string | null = consoleSession.token(),
): Promise<RouteOutput<R>> {
  const { params, query, body } = input as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
  };
  const asUser = route.auth !== 'public';
  if (asUser && !bearer) throw new TandemError('signed_out', 'Sign in with your company account first.');
  let response: Response;
  try {
    response = await fetch(routePath(route, params) + routeQuery(query), {
      method: route.method,
      headers: {
        ...(asUser && bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'omit',
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (error) {
    throw new TandemError('cloud_unreachable', `The cloud endpoint is not reachable: ${(error as Error).message}`);
  }
  if (!response.ok) {
    const refusal = await endpointError(response, 'user');
    if (refusal.code === 'signed_out') consoleSession.forget();
    throw refusal;
  }
  const json: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
  const parsed = route.response.safeParse(json);
  if (!parsed.success) throw new TandemError('invalid_response', `The answer to ${route.path} is malformed.`);
  return parsed.data as RouteOutput<R>;
}

async function accountStatus(): Promise<AccountStatus> {
  if (!consoleSession.token()) return { signedIn: false };
  try {
    const me = await callRoute(endpointRoutes['accounts.me'], {});
    return {
      signedIn: true,
      userId: me.id,
      email: me.email,
      name: me.name,
      companyId: me.companyId,
      companyName: me.companyName,
      permissions: me.permissions,
      insightsOn: me.supporterFacts.aiActivated,
    };
  } catch (error) {
    if (error instanceof TandemError && error.code === 'signed_out') return { signedIn: false };
    throw error;
  }
}

/**
 * What the desktop core answers for the account, answered here from the endpoint's own routes,
 * so the same sign-in form serves both; the token stays in this tab.
 */
const accountChannels: Record<string, (payload: never) => Promise<unknown>> = {
  'account.status': accountStatus,
  'account.signIn': async (payload: { email: string; password: string; totp?: string }) => {
    const { token } = await callRoute(endpointRoutes['accounts.signIn'], { body: payload }, null);
    consoleSession.keep(token);
    return accountStatus();
  },
  'account.signOut': async () => {
    const token = consoleSession.token();
    consoleSession.forget();
    if (token) await callRoute(endpointRoutes['accounts.signOut'], {}, token).catch(() => undefined);
    return { signedIn: false };
  },
};

/**
 * The desktop's Insights view reads its local cache; here the same channels read the endpoint's
 * copy of the company's summaries, which answers the same shapes (`src-shared/insights/contract.ts`).
 */
const insightsChannels: Record<string, (payload: never) => Promise<unknown>> = {
  'insights.list': (request: Request<'insights.list'>) =>
    callRoute(endpointRoutes['summaries.list'], { query: request }),
  'insights.overview': (filter: Request<'insights.overview'>) =>
    callRoute(endpointRoutes['summaries.overview'], { query: filter }),
  'insights.facets': () => callRoute(endpointRoutes['summaries.facets'], {}),
  'insights.detail': ({ id }: Request<'insights.detail'>) =>
    callRoute(endpointRoutes['summaries.detail'], { params: { id } }),
};

/**
 * What the console's Insights view cannot do: it reads the endpoint's summaries and keeps no cache
 * to edit, delete, export, sync or resolve conflicts in (its view is read-only). Refused by name.
 */
const DESKTOP_ONLY = new Set<Channel>([
  'insights.update',
  'insights.delete',
  'insights.resolveConflict',
  'insights.export',
  'insights.cancelExport',
  'insights.exportChunk',
  'insights.syncStatus',
  'insights.syncNow',
  'insights.summarizer',
  'insights.setSummarizer',
]);

/**
 * The web console's transport: the same IPC contract and typed client as the desktop app, but
 * answered by the endpoint serving this page. A user route's channel goes to its route; the
 * account channels to sign-in, /me and sign-out; the Insights view's reads to the summaries
 * routes; the Live View's and Computers' to their sockets (`liveViewSocket.ts`, `computersSocket.ts`); anything that needs the desktop
 * (sessions, the local cache) is refused by name.
 */
export function createWebTransport(): IpcTransport {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners) listener(event, payload);
  };
  // LV-1: the Live View over the console's own socket to the endpoint (no signaling connection here).
  const liveView = consoleLiveView(emit, consoleSession.token);
  // Computers: the list reads itself again on each change the console's socket hears.
  const computers = consoleComputers(emit, consoleSession.token);
  // VS-2: the video feed over the console's own socket (notices of requests, live lists).
  const videoFeed = consoleVideoFeed(emit, consoleSession.token);
  const liveChannels: Record<string, () => unknown> = {
    'videoFeed.status': () => videoFeed.status(),
    'liveView.open': () => liveView.open(),
    'liveView.close': () => {
      liveView.close();
      return {};
    },
    'computers.watch': () => {
      computers.watch();
      return {};
    },
    'computers.unwatch': () => {
      computers.unwatch();
      return {};
    },
  };
  return {
    async invoke(channel, payload): Promise<Envelope> {
      try {
        const endpoint = (endpointChannelTable as Record<string, { route: RouteContract } | undefined>)[channel];
        if (endpoint) return success(await callRoute(endpoint.route, (payload ?? {}) as never));
        const local = accountChannels[channel] ?? insightsChannels[channel];
        if (local) {
          const answer = await local(payload as never);
          if (channel === 'account.signOut' || channel === 'account.signIn') videoFeed.close();
          return success(answer);
        }
        const live = liveChannels[channel];
        if (live) return success(live());
        if (DESKTOP_ONLY.has(channel as Channel)) {
          return failure({
            code: 'desktop_only',
            message: `"${channel}" needs the Tandem desktop app: the web console reads Insights only.`,
          });
        }
        return failure({
          code: 'unknown_channel',
          message: `"${channel}" needs the Tandem desktop app; the web console cannot do it.`,
        });
      } catch (error) {
        if (error instanceof TandemError) return failure(error.toShape());
        return failure({ code: 'internal', message: (error as Error).message });
      }
    },
    // The one-way channels carry a session's remote input, which only the desktop app has.
    send(channel) {
      throw new TandemError('desktop_only', `"${channel}" needs the Tandem desktop app; the web console cannot do it.`);
    },
    // Only the Live View, Computers and the video feed push (from their sockets); other views load what they show.
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
