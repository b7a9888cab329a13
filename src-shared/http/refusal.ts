import { endpointErrorBodySchema, errorCodeSchema, TandemError, type ErrorCode } from '../errors';

/**
 * Who asked: a device signs its own requests (a 401 means its key or signature was refused); a
 * user's bearer session that draws a 401 has ended, so the user has to sign in again.
 */
export type EndpointCaller = 'device' | 'user';

/** Only when the endpoint names no code this app knows: the HTTP status says what kind of refusal it was. */
function byStatus(status: number, caller: EndpointCaller): ErrorCode {
  if (status === 401) return caller === 'user' ? 'signed_out' : 'unauthorized';
  if (status === 402) return 'no_credits';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid_request';
  // A proxy's 502, a gateway timeout: the endpoint itself did not answer.
  return 'cloud_unreachable';
}

/** `Retry-After` in seconds (what proxies send), when the body does not say how long to wait. */
function retryAfterHeaderMs(headers: Headers): number | undefined {
  const seconds = Number(headers.get('retry-after'));
  return headers.has('retry-after') && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The one mapping from an endpoint's refusal to the error the user reads, for every caller (the
 * desktop core's `EndpointClient`, the web console's transport): the endpoint's own code always
 * wins (it has its own text in the catalogue); only a missing or unknown code falls back by HTTP status.
 */
export async function endpointError(response: Response, caller: EndpointCaller): Promise<TandemError> {
  const body = endpointErrorBodySchema.safeParse(await response.json().catch(() => null));
  const named = errorCodeSchema.safeParse(body.data?.error.code);
  let code = named.success ? named.data : byStatus(response.status, caller);
  // For a user, the endpoint's `unauthorized` means the session ended; the app's own
  // `unauthorized` means a window may not talk to the core, which would be the wrong advice.
  if (caller === 'user' && code === 'unauthorized') code = 'signed_out';
  // The endpoint itself failed: the device's background work (registration, enrolment) tries
  // again only when the endpoint counts as unreachable, as it always has for a 5xx.
  if (caller === 'device' && response.status >= 500 && code === 'internal') code = 'cloud_unreachable';
  const message = body.success ? body.data.error.message : `The cloud endpoint answered HTTP ${response.status}.`;
  const retryAfterMs = body.data?.retryAfterMs ?? retryAfterHeaderMs(response.headers);
  return new TandemError(code, message, undefined, retryAfterMs);
}
