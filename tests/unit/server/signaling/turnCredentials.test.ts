import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnCredentials } from '../../../../server/signaling/turnCredentials';
import { readServerConfig } from '../../../../server/config';

describe('TURN credentials (coturn shared-secret REST scheme)', () => {
  const config = {
    urls: ['turn:turn.example.com:3478'],
    secret: 'north-sea-pilot-42',
    ttlSeconds: 600,
    relayOnly: false,
  };

  it('expire after the TTL and are HMAC-SHA1 of the username under the shared secret', () => {
    const now = Date.UTC(2026, 10, 21, 12, 0, 0);
    const server = turnCredentials(config, '123456789', now);
    expect(server.username).toBe(`${now / 1000 + 600}:123456789`);
    expect(server.credential).toBe(createHmac('sha1', config.secret).update(server.username!).digest('base64'));
    expect(server.urls).toEqual(config.urls);
  });

  it('differ per device and per moment, so one leaked credential does not serve another device', () => {
    const a = turnCredentials(config, '123456789', 0);
    const b = turnCredentials(config, '987654321', 0);
    expect(a.credential).not.toBe(b.credential);
  });

  it('come from the server configuration, which refuses URLs without a secret', () => {
    const parsed = readServerConfig(['--turn-urls', 'turn:a:3478, turns:a:5349', '--turn-secret', 'x'.repeat(20)], {});
    expect(parsed.turn).toEqual({
      urls: ['turn:a:3478', 'turns:a:5349'],
      secret: 'x'.repeat(20),
      ttlSeconds: 3600,
      relayOnly: false,
    });
    expect(
      readServerConfig(['--turn-urls', 'turn:a:3478', '--turn-secret', 'x'.repeat(20), '--turn-only'], {}).turn
        ?.relayOnly,
    ).toBe(true);
    expect(() => readServerConfig(['--turn-only'], {})).toThrow(/needs --turn-urls/);
    expect(() => readServerConfig(['--turn-urls', 'turn:a:3478'], {})).toThrow(/needs --turn-secret/);
    expect(readServerConfig([], {}).turn).toBeUndefined();
  });
});
