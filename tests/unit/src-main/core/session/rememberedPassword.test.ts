import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveRememberedKey } from '../../../../../src-main/core/session/rememberedPassword';
import { peerMessageSchema } from '../../../../../src-shared/signaling/peerMessages';

const sessionKey = randomBytes(64).toString('base64url');
const devices = { supporter: '123456789', host: '987654321' };

describe('the remembered password derived from a session key', () => {
  it('is 256 bits, the same for both sides of one session, and not the session key itself', () => {
    const key = deriveRememberedKey(sessionKey, devices);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(deriveRememberedKey(sessionKey, { ...devices })).toBe(key);
    expect(sessionKey.startsWith(key)).toBe(false);
  });

  it('binds both device IDs: another supporter, another host or the two swapped give another key', () => {
    const key = deriveRememberedKey(sessionKey, devices);
    expect(deriveRememberedKey(sessionKey, { ...devices, supporter: '111111111' })).not.toBe(key);
    expect(deriveRememberedKey(sessionKey, { ...devices, host: '222222222' })).not.toBe(key);
    expect(deriveRememberedKey(sessionKey, { supporter: devices.host, host: devices.supporter })).not.toBe(key);
    expect(deriveRememberedKey(randomBytes(64).toString('base64url'), devices)).not.toBe(key);
  });
});

describe('the handshake messages that carry remembering', () => {
  const finish = { kind: 'auth-finish', credential: 'permanent', ke3: 'abc', mac: 'def' };

  it('take the remembered credential and a request to remember only as `true`', () => {
    expect(peerMessageSchema.safeParse({ ...finish, remember: true }).success).toBe(true);
    expect(peerMessageSchema.safeParse({ ...finish, remember: false }).success).toBe(false);
    expect(peerMessageSchema.safeParse({ ...finish, credential: 'remembered' }).success).toBe(true);
    expect(peerMessageSchema.safeParse({ kind: 'auth-ok', mac: 'x', remembered: 'yes' }).success).toBe(false);
    expect(peerMessageSchema.safeParse({ kind: 'auth-refused', reason: 'not_remembered' }).success).toBe(true);
  });
});
