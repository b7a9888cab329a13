import { createHmac } from 'node:crypto';
import type { IceServer } from '../../src-shared/signaling/protocol';

export interface TurnConfig {
  /** e.g. ["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"] */
  urls: string[];
  /** coturn's `static-auth-secret` (use-auth-secret). */
  secret: string;
  ttlSeconds: number;
  /** Every session goes through the relay: peers never learn each other's addresses. */
  relayOnly: boolean;
}

/**
 * Time-limited TURN credentials in coturn's shared-secret REST scheme: the username is
 * `<expiry unix seconds>:<device ID>` and the password is base64(HMAC-SHA1(secret, username)).
 */
export function turnCredentials(config: TurnConfig, deviceId: string, now = Date.now()): IceServer {
  const username = `${Math.floor(now / 1000) + config.ttlSeconds}:${deviceId}`;
  const credential = createHmac('sha1', config.secret).update(username).digest('base64');
  return { urls: config.urls, username, credential };
}
