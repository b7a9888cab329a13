import { describe, expect, it } from 'vitest';
import { consoleHeadersFor, CONSOLE_HEADERS } from '../../../../server/console/routes';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicyFor,
} from '../../../../src-main/core/security/contentSecurityPolicy';
import { TRACKING_WORKER_CSP } from '../../../../src-shared/video/trackingWorkerPolicy';

/*
 * Only the tracking worker's file may evaluate code and compile WebAssembly (OpenCV.js needs both);
 * every page and every other script keeps the policy that refuses them.
 */
describe('the tracking worker policy', () => {
  const worker = ['/assets/trackerWorker-DuohNUC7.js', '/srv/tandem/out/renderer/assets/trackerWorker-a_b-1.js'];
  const others = [
    '/',
    '/index.html',
    '/console.html',
    '/assets/index-CQa4CiPk.js',
    '/assets/trackerWorker-x.js.map',
    '/evil/trackerWorker-x.js',
    '/assets/trackerWorker-x.js/other.js',
  ];

  it("serves the worker's file with eval and WebAssembly allowed, in the app and from the endpoint", () => {
    for (const path of worker) {
      expect(contentSecurityPolicyFor(path)).toBe(TRACKING_WORKER_CSP);
      expect(consoleHeadersFor(path)['content-security-policy']).toBe(TRACKING_WORKER_CSP);
    }
    expect(TRACKING_WORKER_CSP).toContain("default-src 'none'");
  });

  it('keeps refusing eval and WebAssembly everywhere else', () => {
    for (const path of others) {
      expect(contentSecurityPolicyFor(path)).toBe(CONTENT_SECURITY_POLICY);
      expect(consoleHeadersFor(path)).toEqual(CONSOLE_HEADERS);
    }
    for (const policy of [CONTENT_SECURITY_POLICY, CONSOLE_HEADERS['content-security-policy']]) {
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).not.toContain('wasm-unsafe-eval');
    }
  });
});
