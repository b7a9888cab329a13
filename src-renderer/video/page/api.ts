import type { z } from 'zod';
import { TandemError, type ErrorCode } from '../../../src-shared/errors';
import { endpointError } from '../../../src-shared/http/refusal';
import type { RouteContract, RouteInput, RouteOutput } from '../../../src-shared/http/route';

/** The code user's token lives in this tab only (sessionStorage): closing the tab forgets it. */
const TOKEN_KEY = 'tandem.video.codeUserToken';

export const savedToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const saveToken = (token: string | null): void =>
  token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY);

/** What the page shows for a failed call: the endpoint's catalogue code, or that it could not be reached. */
export interface PageError {
  code: ErrorCode;
  retryAfterMs?: number | undefined;
}

export const pageError = (error: unknown): PageError =>
  error instanceof TandemError ? { code: error.code, retryAfterMs: error.retryAfterMs } : { code: 'cloud_unreachable' };

/** Calls one of the contract's routes on this endpoint (same origin), as the code user when a token is given. */
export async function callRoute<R extends RouteContract>(
  route: R,
  input: RouteInput<R>,
  token?: string | null,
): Promise<RouteOutput<R>> {
  const { params, query, body } = input as {
    params?: Record<string, string>;
    query?: Record<string, string | undefined>;
    body?: unknown;
  };
  const search = new URLSearchParams(
    Object.entries(query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  const path =
    route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params?.[name] ?? '')) +
    (search ? `?${search}` : '');
  let response: Response;
  try {
    response = await fetch(path, {
      method: route.method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new TandemError('cloud_unreachable', 'The endpoint could not be reached.');
  }
  if (!response.ok) throw await endpointError(response, 'device');
  const json: unknown = response.status === 204 ? null : await response.json();
  return (route.response as z.ZodType<RouteOutput<R>>).parse(json);
}
