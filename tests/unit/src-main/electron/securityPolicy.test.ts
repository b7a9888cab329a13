import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  isTrustedSender,
  resolveAppFile,
  shouldGrantPermission,
} from '../../../../src-main/electron/securityPolicy';

const trusted = [APP_ORIGIN];
const root = '/opt/tandem/renderer';

describe('the Electron shell’s security policy', () => {
  it('serves IPC only to Tandem’s own top-level page', () => {
    expect(isTrustedSender({ url: 'app://tandem/index.html', isMainFrame: true }, trusted)).toBe(true);
    expect(isTrustedSender({ url: 'app://tandem/index.html', isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'app://tandem.evil/', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
  });

  it('grants only the permissions remote support needs, only to Tandem’s page', () => {
    expect(shouldGrantPermission('media', 'app://tandem/', trusted)).toBe(true);
    expect(shouldGrantPermission('clipboard-sanitized-write', 'app://tandem/', trusted)).toBe(true);
    expect(shouldGrantPermission('geolocation', 'app://tandem/', trusted)).toBe(false);
    expect(shouldGrantPermission('openExternal', 'app://tandem/', trusted)).toBe(false);
    expect(shouldGrantPermission('media', 'https://evil.example/', trusted)).toBe(false);
    expect(shouldGrantPermission('media', undefined, trusted)).toBe(false);
  });

  it('maps app:// URLs into the renderer folder and nowhere else', () => {
    expect(resolveAppFile(root, 'app://tandem/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://tandem/assets/index.js')).toBe(`${root}/assets/index.js`);
    expect(resolveAppFile(root, 'app://tandem/../../etc/passwd')).toBe(`${root}/etc/passwd`);
    // The URL parser folds dot segments (also %2e%2e) at the root, so these stay inside.
    expect(resolveAppFile(root, 'app://tandem/%2e%2e/%2e%2e/etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(resolveAppFile(root, 'app://tandem/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://tandem/a%00.js')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'not a url')).toBeNull();
  });
});
