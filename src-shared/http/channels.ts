import type { z } from 'zod';
import { routeInputSchema, type RouteContract, type RouteInput, type RouteParsedInput } from './route';

/** The routes a signed-in user calls from the app: each is an IPC channel of the same name. */
type UserRoutes<T extends Record<string, RouteContract>> = {
  [
    K in keyof T as T[K]['auth'] extends 'user' | 'session'
      ? T[K] extends { readonly caller: 'core' }
        ? never
        : K
      : never
  ]: T[K];
};

export type EndpointChannels<T extends Record<string, RouteContract>> = {
  readonly [K in keyof UserRoutes<T>]: {
    readonly request: z.ZodType<RouteParsedInput<T[K]>, RouteInput<T[K]>>;
    readonly response: T[K]['response'];
    readonly route: T[K];
  };
};

/**
 * The IPC channels through which the renderer calls a feature's user routes: the request is the
 * route's `{ params, query, body }`, the response its answer. The core answers them all with the
 * one typed client and the signed-in user's session (`src-main/core/cloud/endpointModule.ts`),
 * and the web console with the same client over HTTP: nothing is declared twice.
 * Device-signed routes are never channels: a window cannot make the device sign; nor are routes
 * only the core calls (`caller: 'core'`).
 */
export function endpointChannels<const T extends Record<string, RouteContract>>(routes: T): EndpointChannels<T> {
  const channels: Record<string, unknown> = {};
  for (const [name, route] of Object.entries(routes)) {
    if ((route.auth !== 'user' && route.auth !== 'session') || route.caller === 'core') continue;
    channels[name] = { request: routeInputSchema(route), response: route.response, route };
  }
  return channels as EndpointChannels<T>;
}
