import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { healthSchema, type CloudStatus } from '../../../src-shared/domain/cloud';
import { endpointErrorBodySchema, TandemError } from '../../../src-shared/errors';
import {
  DEVICE_AUTH_HEADER,
  DEVICE_CLOCK_SKEW_CODE,
  deviceAuthHeader,
  deviceHttpAuthPayload,
  EMPTY_BODY_SHA256,
} from '../../../src-shared/signaling/deviceAuth';
import { endpointError } from './endpointError';

const HEALTH_TIMEOUT_MS = 3000;

export interface SigningDevice {
  id: string;
  sign(payload: string): string;
}

/** Talks to the company's cloud endpoint. For now: is it there, and which version is it. */
export class CloudClient {
  #lastStatus: CloudStatus | null = null;
  /** The instance ID of the endpoint at `baseUrl`: the audience of every device signature. */
  #audience: string | null = null;
  /** Endpoint time minus local time, learned when the endpoint refused a skewed signature. */
  #clockOffsetMs = 0;

  constructor(
    readonly baseUrl: string,
    readonly embedded: boolean,
  ) {}

  /** The last health check's outcome, or null before the first one. */
  get lastStatus(): CloudStatus | null {
    return this.#lastStatus;
  }

  /** A GET signed with the device key, its answer checked against `schema`. */
  signedGet<T extends z.ZodType>(path: string, schema: T, device: SigningDevice): Promise<z.output<T>> {
    return this.signedRequest('GET', path, undefined, schema, device);
  }

  /** `bearer`: the signed-in user's session as well, where the device acts with the user's consent. */
  signedPost<T extends z.ZodType>(
    path: string,
    body: unknown,
    schema: T,
    device: SigningDevice,
    options: { bearer?: string } = {},
  ): Promise<z.output<T>> {
    return this.signedRequest('POST', path, body, schema, device, options.bearer);
  }

  private async signedRequest<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: T,
    device: SigningDevice,
    bearer?: string,
  ): Promise<z.output<T>> {
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
    if (!response.ok) throw await endpointError(response, 'device');
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success)
      throw new TandemError('invalid_response', `The cloud endpoint's answer to ${path} is malformed.`);
    return parsed.data;
  }

  /**
   * One request signed for this endpoint (its instance ID), over this exact body, with a fresh
   * nonce: the endpoint accepts it once, within a minute, and never with another body.
   */
  async #sendSigned(
    method: 'GET' | 'POST',
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
      response = await fetch(new URL('/healthz', this.baseUrl), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    } catch (error) {
      throw new TandemError('cloud_unreachable', `The cloud endpoint is not reachable: ${(error as Error).message}`);
    }
    const health = healthSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !health.success) {
      throw new TandemError('cloud_unreachable', 'The endpoint at this address is not a Tandem cloud endpoint.');
    }
    this.#audience = health.data.instanceId;
    return this.#audience;
  }

  async checkHealth(): Promise<CloudStatus> {
    const base = { url: this.baseUrl, embedded: this.embedded, checkedAt: new Date().toISOString() };
    try {
      const response = await fetch(new URL('/healthz', this.baseUrl), {
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the endpoint answered HTTP ${response.status}`);
      const health = healthSchema.safeParse(await response.json());
      if (!health.success) throw new Error('the endpoint at this address is not a Tandem cloud endpoint');
      this.#audience = health.data.instanceId;
      this.#lastStatus = { ...base, state: 'reachable', serverVersion: health.data.version, error: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#lastStatus = { ...base, state: 'unreachable', serverVersion: null, error: reason };
    }
    return this.#lastStatus;
  }
}
