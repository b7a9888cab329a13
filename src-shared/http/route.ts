import { z } from 'zod';
import type { Permission } from '../domain/accounts';
import { errorCodeSchema, errorIssueSchema, type ErrorCode } from '../errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may call a route: anyone (`public`); a signed-in user or API token (`user`); a person's
 * sign-in session, never an API token (`session`: account and credential changes); a device's
 * signature (`device`), one that belongs to a company (`company-device`), or a device acting with
 * its signed-in user's consent (`device+user`); a video code user (`code-user`: the bearer token
 * `video.join` answered, which stands for one device of one company and is never a user's).
 */
export type RouteAuth = 'public' | 'user' | 'session' | 'device' | 'company-device' | 'device+user' | 'code-user';

/** The statuses a refusal may carry, beside those the route's auth and input already imply. */
export type RefusalStatus = 400 | 401 | 402 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 502 | 503;

/**
 * One REST route of the cloud endpoint, declared once: the endpoint registers and documents it
 * from this, and the desktop core, the renderer and the web console call it through the one typed
 * client (`src-main/core/cloud/endpointClient.ts`, `src-renderer/console/webTransport.ts`).
 */
export interface RouteContract {
  readonly method: HttpMethod;
  /** Fastify's form: `/api/v1/admin/devices/:deviceId`; each `:name` is a key of `params`. */
  readonly path: string;
  readonly summary: string;
  /** What an API caller needs beyond the summary (a header to check, when it is refused), for OpenAPI. */
  readonly description?: string;
  /** The OpenAPI tag the route is listed under. */
  readonly tag: string;
  readonly auth: RouteAuth;
  /** The permission a user's role must hold (`user` and `session` routes). */
  readonly permission?: Permission;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The success status; 204 answers no body (`response` is then `z.null()`). */
  readonly status: 200 | 201 | 202 | 204;
  readonly response: z.ZodType;
  /** The refusals the route itself may answer, by status: the codes come from the one catalogue. */
  readonly errors?: Partial<Record<RefusalStatus, readonly ErrorCode[]>>;
  /**
   * `core`: only the desktop core calls it (sign-in keeps the token in the core, sync pushes from
   * the cache), so it is no IPC channel even though a user calls it.
   */
  readonly caller?: 'core';
  /** A body that is not JSON (an update feed's files): the client cannot call it, the endpoint serves it. */
  readonly raw?: true;
}

/** Keeps each route's literal types while checking it against the contract's shape. */
export function defineRoutes<const T extends Record<string, RouteContract>>(routes: T): T {
  return routes;
}

type Field<R, K extends 'params' | 'query' | 'body', V extends 'in' | 'out'> = R extends {
  readonly [P in K]: infer S extends z.ZodType;
}
  ? { [P in K]: V extends 'in' ? z.input<S> : z.output<S> }
  : { [P in K]?: never };

/** What a caller passes: `{ params, query, body }`, each only where the route takes it. */
export type RouteInput<R extends RouteContract> = Field<R, 'params', 'in'> &
  Field<R, 'query', 'in'> &
  Field<R, 'body', 'in'>;
/** The same, as the endpoint sees it once checked. */
export type RouteParsedInput<R extends RouteContract> = Field<R, 'params', 'out'> &
  Field<R, 'query', 'out'> &
  Field<R, 'body', 'out'>;
export type RouteOutput<R extends RouteContract> = z.output<R['response']>;

/** The input of a route as one schema: what an IPC channel carrying the route checks. */
export function routeInputSchema<R extends RouteContract>(route: R): z.ZodType<RouteParsedInput<R>, RouteInput<R>> {
  return z
    .object({
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.body ? { body: route.body } : {}),
    })
    .strict() as unknown as z.ZodType<RouteParsedInput<R>, RouteInput<R>>;
}

/** The path with its `:name` segments filled in from `params`, each encoded. */
export function routePath(route: RouteContract, params: Record<string, unknown> | undefined): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`The route ${route.path} needs the parameter ${name}.`);
    return encodeURIComponent(String(value));
  });
}

/** The query string for `query`, arrays as repeated keys, without `?` when there is nothing. */
export function routeQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A refusal's body: the code from the one catalogue, a message for logs, and what some refusals
 * carry beside it (the fields that were wrong, the wait for `rate_limited`, the companies to choose from).
 */
export function refusalSchema(codes?: readonly ErrorCode[]) {
  const code = codes && codes.length > 0 ? z.enum(codes as [ErrorCode, ...ErrorCode[]]) : errorCodeSchema;
  return z.object({
    error: z.object({ code, message: z.string(), issues: z.array(errorIssueSchema).optional() }),
    retryAfterMs: z.number().int().nonnegative().optional(),
    companies: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  });
}

/** The refusals every route of a kind may answer, whatever it declares itself. */
export function impliedRefusals(route: RouteContract): Partial<Record<RefusalStatus | 500, readonly ErrorCode[]>> {
  const implied: Partial<Record<RefusalStatus | 500, ErrorCode[]>> = { 500: ['internal'] };
  const add = (status: RefusalStatus, ...codes: ErrorCode[]) => {
    implied[status] = [...new Set([...(implied[status] ?? []), ...codes])];
  };
  if (route.params || route.query || route.body || route.method !== 'GET') add(400, 'invalid_request');
  if (route.auth === 'user' || route.auth === 'session' || route.auth === 'device+user') add(401, 'unauthorized');
  if (route.auth === 'code-user') add(401, 'unauthorized', 'video_code_user_revoked');
  if (route.auth === 'session') add(403, 'session_required');
  if (route.permission) add(403, 'forbidden');
  if (route.auth.startsWith('device') || route.auth === 'company-device') {
    add(401, 'unauthorized', 'replayed_request', 'device_clock_skew');
  }
  if (route.auth === 'company-device') add(403, 'no_company');
  for (const [status, codes] of Object.entries(route.errors ?? {}) as [`${RefusalStatus}`, ErrorCode[]][]) {
    add(Number(status) as RefusalStatus, ...codes);
  }
  return implied;
}
