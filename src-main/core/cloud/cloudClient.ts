import { z } from 'zod';
import { healthSchema, type CloudStatus } from '../../../src-shared/domain/cloud';
import { TandemError, type ErrorCode } from '../../../src-shared/errors';
import { DEVICE_AUTH_HEADER, deviceHttpAuthPayload } from '../../../src-shared/signaling/deviceAuth';

const HEALTH_TIMEOUT_MS = 3000;
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
/** Refusals the caller can act on; anything else (a proxy's 502, …) counts as unreachable. */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  402: 'no_credits',
  403: 'forbidden',
  404: 'not_found',
  409: 'invalid_request',
};

export interface SigningDevice {
  id: string;
  sign(payload: string): string;
}

/** Talks to the company's cloud endpoint. For now: is it there, and which version is it. */
export class CloudClient {
  #lastStatus: CloudStatus | null = null;

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

  signedPost<T extends z.ZodType>(path: string, body: unknown, schema: T, device: SigningDevice): Promise<z.output<T>> {
    return this.signedRequest('POST', path, body, schema, device);
  }

  private async signedRequest<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: T,
    device: SigningDevice,
  ): Promise<z.output<T>> {
    const timestamp = Date.now();
    const signature = device.sign(deviceHttpAuthPayload(method, path, timestamp));
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          [DEVICE_AUTH_HEADER]: `${device.id}.${timestamp}.${signature}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TandemError('cloud_unreachable', `The cloud endpoint is not reachable: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const body = errorBody.safeParse(await response.json().catch(() => null));
      const message = body.success ? body.data.error.message : `The cloud endpoint answered HTTP ${response.status}.`;
      throw new TandemError(STATUS_CODES[response.status] ?? 'cloud_unreachable', message);
    }
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success)
      throw new TandemError('invalid_response', `The cloud endpoint's answer to ${path} is malformed.`);
    return parsed.data;
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
      this.#lastStatus = { ...base, state: 'reachable', serverVersion: health.data.version, error: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#lastStatus = { ...base, state: 'unreachable', serverVersion: null, error: reason };
    }
    return this.#lastStatus;
  }
}
