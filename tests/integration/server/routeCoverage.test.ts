import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_PATH, type RunningServer } from '../../../server/app';
import { startServer } from '../../support/testServer';
import { impliedRefusals, type RouteContract } from '../../../src-shared/http/route';
import { endpointRoutes } from '../../../src-shared/http/routeTable';
import { COMPUTERS_CONSOLE_FEED_PATH, LIVEVIEW_CONSOLE_FEED_PATH } from '../../../src-shared/signaling/consoleFeed';
import { SIGNAL_PATH } from '../../../src-shared/signaling/protocol';
import { VIDEO_CALL_PATH, VIDEO_FEED_PATH } from '../../../src-shared/video/live';
import { RECORDING_UPLOAD_PATH } from '../../../src-shared/video/recordingContract';
import { RECORDING_UPLOAD_METHODS } from '../../../server/video/recordingUploads';
import { tempDir } from '../../support/tempDir';

/**
 * The routes that are not REST: the OpenAPI document, the signaling socket, the console's feed
 * sockets and its page, the video feed and call sockets, the code user's video page, and the
 * recordings' tus upload (a protocol of its own, served by @tus/server).
 */
const NOT_REST = [
  `GET ${OPENAPI_PATH}`,
  `GET ${SIGNAL_PATH}`,
  `GET ${LIVEVIEW_CONSOLE_FEED_PATH}`,
  `GET ${COMPUTERS_CONSOLE_FEED_PATH}`,
  `GET ${VIDEO_FEED_PATH}`,
  `GET ${VIDEO_CALL_PATH}`,
  'GET /v',
  'GET /v/',
  'GET /v/:code',
  'GET /',
  'GET /*',
  ...[RECORDING_UPLOAD_PATH, `${RECORDING_UPLOAD_PATH}/:uploadId`].flatMap((path) =>
    RECORDING_UPLOAD_METHODS.map((method) => `${method} ${path}`),
  ),
];

const key = (method: string, url: string) => `${method} ${url}`;
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the endpoint serves exactly the routes its feature contracts declare', () => {
  let server: RunningServer;
  const dir = tempDir();
  beforeAll(async () => {
    server = await startServer({ dataDir: dir.path, logger: false });
  });
  afterAll(async () => {
    await server.close();
    dir.cleanup();
  });

  const declared = Object.entries(endpointRoutes as Record<string, RouteContract>);

  it('no route is served that no contract declares, and none is declared that is not served', () => {
    const served = server.routes.map((route) => key(route.method, route.url)).filter((r) => !NOT_REST.includes(r));
    const contracts = declared.map(([, route]) => key(route.method, route.path));
    expect(new Set(contracts).size, 'two contracts declare the same route').toBe(contracts.length);
    expect([...served].sort()).toEqual([...contracts].sort());
  });

  it('the OpenAPI document lists each route with its success answer and every refusal it may give', async () => {
    const document = (await (await fetch(server.url + OPENAPI_PATH)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; summary?: string }>>;
    };
    for (const [name, route] of declared) {
      const operation = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      expect(operation, `${name}: ${route.method} ${route.path} is missing from the OpenAPI document`).toBeDefined();
      expect(operation!.summary).toBe(route.summary);
      if (route.raw) continue;
      const statuses = [route.status, ...Object.keys(impliedRefusals(route)).map(Number)].map(String).sort();
      expect(Object.keys(operation!.responses).sort(), name).toEqual(statuses);
    }
  });
});
