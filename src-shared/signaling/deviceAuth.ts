import { z } from 'zod';
import { deviceIdSchema } from '../domain/device';

/**
 * How a device proves its identity to the cloud endpoint over HTTP: the header
 * `Tandem-Device: <deviceId>.<unix ms>.<nonce>.<base64url Ed25519 signature>` over
 * `deviceHttpAuthPayload(...)`.
 *
 * The signature covers everything that makes a request what it is — method, path with query,
 * the SHA-256 of the exact body bytes, and the endpoint it is meant for (its instance ID, as
 * `/healthz` reports it) — so a captured header is worth nothing with another body or at another
 * endpoint. The random nonce makes each signature usable once: the endpoint remembers the nonces
 * it saw for as long as their timestamps are acceptable.
 */
export const DEVICE_AUTH_HEADER = 'tandem-device';

/**
 * ±60 s: wide enough for clocks kept by NTP (and the client corrects a larger offset from the
 * endpoint's `Date` header), narrow enough that the endpoint keeps few nonces and a captured
 * request stops being worth anything a minute later.
 */
export const DEVICE_AUTH_MAX_SKEW_MS = 60 * 1000;

/** SHA-256 (hex) of an empty body: what GET requests sign. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The endpoint's answer (401) when the device's clock is off by more than the window. */
export const DEVICE_CLOCK_SKEW_CODE = 'device_clock_skew';

export interface DeviceRequestClaims {
  method: string;
  /** Path and query exactly as sent. */
  path: string;
  /** Unix milliseconds on the device's clock (corrected by the offset it learned). */
  timestamp: number;
  /** 16+ random bytes, base64url. */
  nonce: string;
  /** The endpoint's instance ID: a signature made for one endpoint is refused by every other. */
  audience: string;
  /** Hex SHA-256 of the body bytes as sent ({@link EMPTY_BODY_SHA256} without a body). */
  bodySha256: string;
}

export function deviceHttpAuthPayload(claims: DeviceRequestClaims): string {
  return [
    'tandem-http:v2',
    claims.method.toUpperCase(),
    claims.path,
    String(claims.timestamp),
    claims.nonce,
    claims.audience,
    claims.bodySha256,
  ].join('\n');
}

const base64url = /^[A-Za-z0-9_-]+$/;
export const deviceAuthHeaderSchema = z
  .string()
  .max(400)
  .transform((header) => header.split('.'))
  .pipe(
    z.tuple([
      deviceIdSchema,
      z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number),
      z.string().min(22).max(64).regex(base64url),
      z.string().min(1).max(200).regex(base64url),
    ]),
  )
  .transform(([deviceId, timestamp, nonce, signature]) => ({ deviceId, timestamp, nonce, signature }));

export function deviceAuthHeader(deviceId: string, timestamp: number, nonce: string, signature: string): string {
  return `${deviceId}.${timestamp}.${nonce}.${signature}`;
}

export const deviceRegistrationSchemaDoc =
  'Registers a device ID with its Ed25519 public key (SPKI, PEM). Re-registering the same key is harmless; another key for a taken ID is refused with 409.';
