/**
 * How a device proves its identity to the cloud endpoint over HTTP: the header
 * `Tandem-Device: <deviceId>.<unix ms>.<base64url Ed25519 signature>` over this payload.
 */
export const DEVICE_AUTH_HEADER = 'tandem-device';
export const DEVICE_AUTH_MAX_SKEW_MS = 5 * 60 * 1000;

export function deviceHttpAuthPayload(method: string, path: string, timestamp: number): string {
  return `tandem-http:v1:${method.toUpperCase()} ${path} ${timestamp}`;
}

export const deviceRegistrationSchemaDoc =
  'Registers a device ID with its Ed25519 public key (SPKI, PEM). Re-registering the same key is harmless; another key for a taken ID is refused with 409.';
