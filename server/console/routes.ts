import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isTrackingWorkerFile, TRACKING_WORKER_CSP } from '../../src-shared/video/trackingWorkerPolicy';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';

/** The console page and its assets: script, styles and images from this endpoint only, no framing. */
export const CONSOLE_HEADERS = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // VS-6: a session's recordings play from this endpoint (a ticket URL).
    "media-src 'self'",
    "font-src 'self'",
    // The REST API and, since 'self' covers this origin's ws:/wss: too (CSP Level 3), Live View's socket.
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** The headers for one of the console's files: the tracking worker runs under its own policy. */
export const consoleHeadersFor = (path: string): Record<string, string> =>
  isTrackingWorkerFile(path) ? { ...CONSOLE_HEADERS, 'content-security-policy': TRACKING_WORKER_CSP } : CONSOLE_HEADERS;

const CONSOLE_PAGE = 'console.html';

/**
 * AC-1, AC-4: the web console at `/` — the built renderer's console page (out/renderer), which
 * signs in and administers through this endpoint's REST API with a bearer token kept in the tab
 * (no cookie, so no cross-site request can act as the user). Without a build, `/` says how to make one.
 */
export async function serveConsole(app: FastifyInstance, { config }: Pick<EndpointServices, 'config'>): Promise<void> {
  const dir = config.consoleDir;
  if (!dir || !existsSync(join(dir, CONSOLE_PAGE))) {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      sendError(
        reply,
        404,
        'not_found',
        'The web console is not built into this endpoint. Run `npm run build`, then start the endpoint again.',
      ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: [CONSOLE_PAGE],
    // The desktop renderer's page sits in the same build; the console page is only served at `/`.
    allowedPath: (path) => path === '/' || path === `/${CONSOLE_PAGE}` || path.startsWith('/assets/'),
    setHeaders: (reply, path) => void reply.headers(consoleHeadersFor(path)),
    schemaHide: true,
  });
}
