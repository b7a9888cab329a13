import { isTrackingWorkerFile, TRACKING_WORKER_CSP } from '../../../src-shared/video/trackingWorkerPolicy';

/**
 * The renderer's Content Security Policy, sent as a header by both the Electron protocol handler
 * and the browser-mode bridge: only Tandem's own files run, nothing inline, no remote origin —
 * except that media may come from the cloud endpoint this app talks to (its origin only), so a
 * recording plays in a `<video>` straight from the endpoint (a ticket URL, seeking with Range).
 */
export function contentSecurityPolicy(cloudUrl: string | null): string {
  const endpoint = endpointOrigin(cloudUrl);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `media-src 'self' blob: mediastream:${endpoint ? ` ${endpoint}` : ''}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The pages' policy with no endpoint named (no remote source at all). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(null);

/** The policy for one of the renderer's files: the tracking worker's own, the pages' for everything else. */
export const contentSecurityPolicyFor = (path: string, cloudUrl: string | null = null): string =>
  isTrackingWorkerFile(path) ? TRACKING_WORKER_CSP : contentSecurityPolicy(cloudUrl);

/** The endpoint's origin when it is a plain http(s) URL; anything else adds no source. */
function endpointOrigin(cloudUrl: string | null): string | null {
  if (!cloudUrl || !URL.canParse(cloudUrl)) return null;
  const url = new URL(cloudUrl);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
}
