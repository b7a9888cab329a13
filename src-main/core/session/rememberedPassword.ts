import { hkdfSync } from 'node:crypto';

/**
 * "Remember the password on this device": after a session by the permanent password that the
 * supporter asked to remember, both sides derive the same 256-bit key from the OPAQUE session key —
 * which only the two parties of that handshake hold — so no key ever crosses the hub. The label
 * names the purpose (no other use of the session key can yield it) and binds both device IDs, so a
 * key is good for that one supporter device at that one host: copied to another device, or offered
 * to another host, it opens no record.
 *
 * The key is then the password of an OPAQUE record the host registers for the supporter's device
 * (credential `remembered`), so later connects run the same handshake, bound to both DTLS
 * fingerprints, without the permanent password's strong key stretching.
 */
const LABEL = 'tandem-remembered-password:v1';

export function deriveRememberedKey(sessionKey: string, devices: { supporter: string; host: string }): string {
  const key = hkdfSync(
    'sha256',
    Buffer.from(sessionKey, 'base64url'),
    Buffer.alloc(0),
    `${LABEL}\n${devices.supporter}\n${devices.host}`,
    32,
  );
  return Buffer.from(key).toString('base64url');
}
