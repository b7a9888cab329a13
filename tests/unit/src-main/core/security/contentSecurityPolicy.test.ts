import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../../../src-main/core/security/contentSecurityPolicy';

/** The policy's directives, each as its list of sources. */
const directives = (policy: string) =>
  new Map(
    policy.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name!, sources] as const;
    }),
  );

describe("the window's Content Security Policy", () => {
  it("lets media come from the cloud endpoint's origin and no other", () => {
    const policy = directives(contentSecurityPolicy('https://tandem.example.com:8443/some/path?x=1'));
    expect(policy.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:', 'https://tandem.example.com:8443']);
    // Nothing else widened: scripts, connections and the rest stay the app's own.
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('names no remote source without an endpoint, or with one that is not a plain http(s) URL', () => {
    for (const cloudUrl of [null, '', 'not a url', 'javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd']) {
      expect(directives(contentSecurityPolicy(cloudUrl)).get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    }
  });

  it('an endpoint URL cannot smuggle in another source or directive', () => {
    const policy = contentSecurityPolicy("http://127.0.0.1:4000/; script-src 'unsafe-inline' *");
    expect(directives(policy).get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:', 'http://127.0.0.1:4000']);
    expect(directives(policy).get('script-src')).toEqual(["'self'"]);
    expect(policy).not.toContain('unsafe-inline');
  });
});
