import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_HEADERS } from '../console/routes';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';

const VIDEO_PAGE = 'video.html';

/** The console's headers, and the camera and microphone for this origin only (nothing else the page may use). */
const PAGE_HEADERS = {
  ...CONSOLE_HEADERS,
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()',
  // The code in a link is the page's address: no cache keeps it.
  'cache-control': 'no-store',
};

/**
 * VS-1, VS-5: the code user's page at `/v/` and `/v/<code>` (a link carrying the code), from the
 * renderer build beside the console (out/renderer/video.html; its assets are the console's
 * `/assets/`). The page's links to its assets are relative to the build folder, so they are made
 * absolute here: `/v/<code>` would otherwise look for them under `/v/`.
 */
export function serveVideoPage(app: FastifyInstance, { config }: Pick<EndpointServices, 'config'>): void {
  const file = config.consoleDir ? join(config.consoleDir, VIDEO_PAGE) : null;
  const page = file && existsSync(file) ? readFileSync(file, 'utf8').replaceAll('"./assets/', '"/assets/') : null;
  const handler = (_request: unknown, reply: FastifyReply) =>
    page
      ? reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page)
      : sendError(
          reply,
          404,
          'not_found',
          'The video page is not built into this endpoint. Run `npm run build`, then start the endpoint again.',
        );
  app.get('/v/', { schema: { hide: true } }, handler);
  app.get('/v/:code', { schema: { hide: true } }, handler);
  app.get('/v', { schema: { hide: true } }, (_request, reply) => reply.redirect('/v/'));
}
