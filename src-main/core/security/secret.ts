import { randomBytes, timingSafeEqual } from 'node:crypto';

export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time so the secret cannot be guessed byte by byte. */
export function secretMatches(expected: string, offered: unknown): boolean {
  if (typeof offered !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}
