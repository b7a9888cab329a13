import { isTrackingWorkerFile, TRACKING_WORKER_CSP } from '../../../src-shared/video/trackingWorkerPolicy';

/**
 * The renderer's Content Security Policy, sent as a header by both the Electron protocol handler
 * and the browser-mode bridge: only Tandem's own files run, nothing inline, no remote origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy for one of the renderer's files: the tracking worker's own, the pages' for everything else. */
export const contentSecurityPolicyFor = (path: string): string =>
  isTrackingWorkerFile(path) ? TRACKING_WORKER_CSP : CONTENT_SECURITY_POLICY;
