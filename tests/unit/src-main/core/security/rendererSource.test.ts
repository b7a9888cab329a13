import { describe, expect, it } from 'vitest';
import { rendererSource } from '../../../../../src-main/core/security/rendererSource';
import { APP_ORIGIN, isTrustedSender } from '../../../../../src-main/electron/securityPolicy';

describe('where the window loads its UI from (ELECTRON_RENDERER_URL)', () => {
  it('an installed app started with ELECTRON_RENDERER_URL pointing elsewhere loads its own UI and trusts no other page', () => {
    const source = rendererSource({ packaged: true, devServerUrl: 'https://evil.example/', appOrigin: APP_ORIGIN });
    expect(source).toEqual({ url: `${APP_ORIGIN}/`, trustedOrigins: [APP_ORIGIN], ignoredDevServer: true });
    // The attacker's page gets no IPC even if it were loaded some other way.
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, source.trustedOrigins)).toBe(false);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/`, isMainFrame: true }, source.trustedOrigins)).toBe(true);
  });

  it('a loopback development server is followed only in development', () => {
    for (const devServerUrl of ['http://localhost:5173/', 'http://127.0.0.1:5173/', 'http://[::1]:5173/']) {
      const source = rendererSource({ packaged: false, devServerUrl, appOrigin: APP_ORIGIN });
      expect(source.url).toBe(devServerUrl);
      expect(source.trustedOrigins).toEqual([APP_ORIGIN, new URL(devServerUrl).origin]);
      expect(rendererSource({ packaged: true, devServerUrl, appOrigin: APP_ORIGIN }).trustedOrigins).toEqual([
        APP_ORIGIN,
      ]);
    }
    expect(rendererSource({ packaged: false, devServerUrl: undefined, appOrigin: APP_ORIGIN })).toEqual({
      url: `${APP_ORIGIN}/`,
      trustedOrigins: [APP_ORIGIN],
      ignoredDevServer: false,
    });
  });

  it('even in development, a dev server elsewhere than loopback or not on http(s) is refused with a clear error', () => {
    for (const devServerUrl of ['https://evil.example/', 'file:///tmp/page.html', 'javascript:alert(1)', 'not a url']) {
      expect(() => rendererSource({ packaged: false, devServerUrl, appOrigin: APP_ORIGIN })).toThrow(
        expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('ELECTRON_RENDERER_URL') }),
      );
    }
  });
});
