import { extname, join, normalize, relative, isAbsolute } from 'node:path';

/*
 * The Electron shell's security decisions as plain functions (no `electron` import), so the
 * rules are unit-tested even where the Electron binary cannot run.
 */

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://tandem';

/** Only what a remote-support app needs: screen/camera capture, clipboard writes, notifications. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'media',
  'display-capture',
  'clipboard-sanitized-write',
  'notifications',
  'fullscreen',
]);

export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // Custom schemes have an opaque `origin` ("null"), so compose it ourselves.
    return parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return null;
  }
}

export function isTrustedUrl(url: string | undefined | null, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && trustedOrigins.includes(origin);
}

/** An IPC message is served only from Tandem's own page, in its top-level frame. */
export function isTrustedSender(
  frame: { url: string; isMainFrame: boolean } | null,
  trustedOrigins: readonly string[],
): boolean {
  return frame !== null && frame.isMainFrame && isTrustedUrl(frame.url, trustedOrigins);
}

export function shouldGrantPermission(
  permission: string,
  requestingUrl: string | undefined,
  trustedOrigins: readonly string[],
): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedUrl(requestingUrl, trustedOrigins);
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps `app://tandem/<path>` to a file inside the built renderer, or null for anything that
 * would leave it (traversal, other hosts, other schemes).
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const wanted = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(rendererDir, wanted));
  const inside = relative(rendererDir, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}
