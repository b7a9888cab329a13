import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicyFor } from '../core/security/contentSecurityPolicy';
import { APP_SCHEME, mimeTypeOf, resolveAppFile } from './securityPolicy';

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * `app://tandem/…` serves the built renderer and nothing else, always with the CSP header; media may
 * come from the cloud endpoint the core talks to (`cloudUrl()`, once the core booted).
 */
export function serveRenderer(rendererDir: string, cloudUrl: () => string | null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    if (!response.ok) return new Response('Not found', { status: 404 });
    return new Response(response.body, {
      status: 200,
      headers: {
        'Content-Type': mimeTypeOf(file),
        'Content-Security-Policy': contentSecurityPolicyFor(file, cloudUrl()),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
