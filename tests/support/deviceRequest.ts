import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { healthSchema } from '../../src-shared/domain/cloud';
import {
  DEVICE_AUTH_HEADER,
  deviceAuthHeader,
  deviceHttpAuthPayload,
  EMPTY_BODY_SHA256,
} from '../../src-shared/signaling/deviceAuth';

export interface SignedDeviceRequest {
  method: string;
  path: string;
  /** The body as sent (already JSON), if any. */
  body?: string;
  /** The endpoint's instance ID the signature is made for. */
  audience: string;
  timestamp?: number;
  nonce?: string;
}

/** The headers of a request signed as the desktop's CloudClient signs it. */
export function deviceRequestHeaders(
  deviceId: string,
  privateKey: KeyObject,
  request: SignedDeviceRequest,
): Record<string, string> {
  const timestamp = request.timestamp ?? Date.now();
  const nonce = request.nonce ?? randomBytes(18).toString('base64url');
  const bodySha256 =
    request.body === undefined ? EMPTY_BODY_SHA256 : createHash('sha256').update(request.body).digest('hex');
  const payload = deviceHttpAuthPayload({ ...request, timestamp, nonce, bodySha256 });
  return {
    [DEVICE_AUTH_HEADER]: deviceAuthHeader(
      deviceId,
      timestamp,
      nonce,
      sign(null, Buffer.from(payload), privateKey).toString('base64url'),
    ),
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
  };
}

/** The endpoint's instance ID, as a device learns it. */
export async function endpointInstanceId(baseUrl: string): Promise<string> {
  return healthSchema.parse(await (await fetch(`${baseUrl}/healthz`)).json()).instanceId;
}

/**
 * A JSON call to the endpoint signed with a device key (the device-side twin of apiCaller); with
 * `token`, also the signed-in user's (`device+user` routes).
 */
export function deviceCaller(baseUrl: () => string, deviceId: string, privateKey: KeyObject) {
  return async (method: string, path: string, body?: unknown, signedBy = deviceId, token?: string) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = deviceRequestHeaders(signedBy, privateKey, {
      method,
      path,
      audience: await endpointInstanceId(baseUrl()),
      ...(payload === undefined ? {} : { body: payload }),
    });
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl()}${path}`, { method, headers, body: payload });
    return {
      status: response.status,
      body: response.status === 204 ? null : ((await response.json()) as Record<string, unknown>),
    };
  };
}
