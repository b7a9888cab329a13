import { createHash, randomBytes } from 'node:crypto';
import type { CloudStatus } from '../../../src-shared/domain/cloud';
import { deviceRoutes } from '../../../src-shared/device/contract';
import { endpointErrorBodySchema, TandemError } from '../../../src-shared/errors';
import {
  DEVICE_AUTH_HEADER,
  DEVICE_CLOCK_SKEW_CODE,
  deviceAuthHeader,
  deviceHttpAuthPayload,
  EMPTY_BODY_SHA256,
} from '../../../src-shared/signaling/deviceAuth';
import {
  routePath,
  routeQuery,
  type HttpMethod,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
} from '../../../src-shared/http/route';
import { endpointError } from '../../../src-shared/http/refusal';

const HEALTH_TIMEOUT_MS = 3000;
/** Read with its own short timeout, before any signature: it says whom device signatures are for. */
const health = deviceRoutes['system.health'];

/** Whether `url` is a Tandem cloud endpoint, before the app moves there; refusals name what is wrong. */
export async function probeEndpoint(url: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL(health.path, url), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
  } catch (error) {
    throw new TandemError('cloud_unreachable', `Nothing answers at ${url}: ${(error as Error).message}`);
  }
  const answer = health.response.safeParse(await response.json().catch(() => null));
  if (!response.ok || !answer.success) {
    throw new TandemError('not_an_endpoint', `${url} answered, but not as a Tandem cloud endpoint.`);
  }
}

export interface SigningDevice {
  id: string;
  sign(payload: string): string;
}

/** Who the client is: the device that signs, and the signed-in user's session token, if any. */
export interface EndpointCredentials {
  readonly device: SigningDevice;
  readonly userToken: () => string | null;
}

/**
 * The one client of the company's cloud endpoint: every call names a route of a feature's
 * contract (`src-shared/<feature>/contract.ts`), which says how to authenticate (the user's
 * session, the device's signature, both), what to send and what comes back; refusals become the
 * catalogue's typed errors (`endpointError`). Also: is the endpoint there, and which version.
 */
export class EndpointClient {
  #lastStatus: CloudStatus | null = null;
  /** The instance ID of the endpoint at `baseUrl`: the audience of every device signature. */
  #audience: string | null = null;
  /** Endpoint time minus local time, learned when the endpoint refused a skewed signature. */
  #clockOffsetMs = 0;

  constructor(
    readonly baseUrl: string,
    readonly embedded: boolean,
    private readonly credentials: EndpointCredentials,
    /** IT or the command line set this endpoint: the user cannot choose another one. */
    readonly fixed = false,
  ) {}

  /**
   * Calls `route` with `input`; the answer is checked against the route's response schema.
   * `bearer` overrides the stored session (signing out sends the token it just forgot).
   */
  async call<const R extends RouteContract>(
    route: R,
    input: RouteInput<R>,
    options: { bearer?: string } = {},
  ): Promise<RouteOutput<R>> {
    if (route.raw) throw new Error(`${route.path} does not answer JSON; the client cannot call it.`);
    const { params, query, body } = input as {
      params?: Record<string, unknown>;
      query?: Record<string, unknown>;
      body?: unknown;
    };
    const path = routePath(route, params) + routeQuery(query);
    const asUser = route.auth === 'user' || route.auth === 'session' || route.auth === 'device+user';
    const bearer = asUser ? (options.bearer ?? this.credentials.userToken() ?? undefined) : undefined;
    if (asUser && !bearer) throw new TandemError('signed_out', 'Sign in with your company account first.');
    const response =
      route.auth === 'user' || route.auth === 'session' || route.auth === 'public'
        ? await this.#send(route.method, path, body, bearer)
        : await this.#signed(route.method, path, body, bearer);
    if (!response.ok) throw await endpointError(response, route.auth.startsWith('device') ? 'device' : 'user');
    const json: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
    const parsed = route.response.safeParse(json);
    if (!parsed.success)
      throw new TandemError('invalid_response', `The cloud endpoint's answer to ${route.path} is malformed.`);
    return parsed.data as RouteOutput<R>;
  }

  async #send(method: HttpMethod, path: string, body: unknown, bearer: string | undefined): Promise<Response> {
    try {
      return await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TandemError('cloud_unreachable', `The cloud endpoint is not reachable: ${(error as Error).message}`);
    }
  }

  /** The last health check's outcome, or null before the first one. */
  get lastStatus(): CloudStatus | null {
    return this.#lastStatus;
  }

  /** A request signed with the device key (and, where given, the user's session as well). */
  async #signed(method: HttpMethod, path: string, body: unknown, bearer: string | undefined): Promise<Response> {
    const device = this.credentials.device;
    const audience = await this.#instanceId();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let response = await this.#sendSigned(method, path, payload, audience, device, bearer);
    if (response.status === 401) {
      // A device whose clock is off by more than the window learns the endpoint's time from the
      // refusal and signs once more (a fresh nonce, so this is not a replay).
      const refusal = endpointErrorBodySchema.safeParse(
        await response
          .clone()
          .json()
          .catch(() => null),
      );
      const serverTime = Date.parse(response.headers.get('date') ?? '');
      if (refusal.success && refusal.data.error.code === DEVICE_CLOCK_SKEW_CODE && Number.isFinite(serverTime)) {
        this.#clockOffsetMs = serverTime - Date.now();
        response = await this.#sendSigned(method, path, payload, audience, device, bearer);
      }
    }
    return response;
  }

  /**
   * One request signed for this endpoint (its instance ID), over this exact body, with a fresh
   * nonce: the endpoint accepts it once, within a minute, and never with another body.
   */
  async #sendSigned(
    method: HttpMethod,
    path: string,
    payload: string | undefined,
    audience: string,
    device: SigningDevice,
    bearer?: string,
  ): Promise<Response> {
    const timestamp = Date.now() + this.#clockOffsetMs;
    const nonce = randomBytes(18).toString('base64url');
    const bodySha256 = payload === undefined ? EMPTY_BODY_SHA256 : createHash('sha256').update(payload).digest('hex');
    const signature = device.sign(deviceHttpAuthPayload({ method, path, timestamp, nonce, audience, bodySha256 }));
    try {
      return await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          [DEVICE_AUTH_HEADER]: deviceAuthHeader(device.id, timestamp, nonce, signature),
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TandemError('cloud_unreachable', `The cloud endpoint is not reachable: ${(error as Error).message}`);
    }
  }

  /** The endpoint's instance ID, which device signatures are bound to; asked for once. */
  async #instanceId(): Promise<string> {
    if (this.#audience) return this.#audience;
    let response: Response;
    try {
      response = await fetch(new URL(health.path, this.baseUrl), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    } catch (error) {
      throw new TandemError('cloud_unreachable', `The cloud endpoint is not reachable: ${(error as Error).message}`);
    }
    const answer = health.response.safeParse(await response.json().catch(() => null));
    if (!response.ok || !answer.success) {
      throw new TandemError('cloud_unreachable', 'The endpoint at this address is not a Tandem cloud endpoint.');
    }
    this.#audience = answer.data.instanceId;
    return this.#audience;
  }

  async checkHealth(): Promise<CloudStatus> {
    const base = { url: this.baseUrl, embedded: this.embedded, fixed: this.fixed, checkedAt: new Date().toISOString() };
    try {
      const response = await fetch(new URL(health.path, this.baseUrl), {
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the endpoint answered HTTP ${response.status}`);
      const answer = health.response.safeParse(await response.json());
      if (!answer.success) throw new Error('the endpoint at this address is not a Tandem cloud endpoint');
      this.#audience = answer.data.instanceId;
      this.#lastStatus = { ...base, state: 'reachable', serverVersion: answer.data.version, error: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#lastStatus = { ...base, state: 'unreachable', serverVersion: null, error: reason };
    }
    return this.#lastStatus;
  }
}
