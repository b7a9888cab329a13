import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { UpdateInfo } from '../../../src-shared/domain/updates';

/**
 * DP-3: what a release's signature covers — version, files with their SHA-512, date and notes —
 * in a stable form. The rollout share is left out: the company's endpoint sets it per channel.
 * electron-updater checks each downloaded file against the SHA-512 signed here.
 */
export function canonicalRelease(info: UpdateInfo): string {
  const files = [...info.files]
    .map((file) => ({ url: file.url, sha512: file.sha512, size: file.size ?? null }))
    .sort((a, b) => a.url.localeCompare(b.url));
  return JSON.stringify({
    version: info.version,
    files,
    path: info.path ?? null,
    sha512: info.sha512 ?? null,
    releaseDate: info.releaseDate,
    releaseNotes: info.releaseNotes ?? null,
  });
}

/** For the release workflow: the signature to add to the feed as `tandemSignature`. */
export function signRelease(info: UpdateInfo, privateKey: KeyObject): string {
  return sign(null, Buffer.from(canonicalRelease(info)), privateKey).toString('base64');
}

/** Whether the feed is signed by the release key; unsigned or altered feeds are refused. */
export function verifyRelease(info: UpdateInfo, publicKeyPem: string): boolean {
  if (!info.tandemSignature) return false;
  try {
    return verify(
      null,
      Buffer.from(canonicalRelease(info)),
      createPublicKey(publicKeyPem),
      Buffer.from(info.tandemSignature, 'base64'),
    );
  } catch {
    return false;
  }
}
