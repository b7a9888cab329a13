import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { SIGNAL_MAX_FRAME_BYTES } from '../src-shared/signaling/protocol';
import { openEndpointDb } from './db/openEndpointDb';
import { digestDeviceRequestBodies } from './auth/deviceAuth';
import { refuseNulCharacters } from './http/refuseNul';
import { apiErrorHandler, sendError } from './errors';
import { serveAccounts } from './accounts/routes';
import { serveCredits } from './credits/routes';
import { serveSummaries } from './summaries/routes';
import type { Resolver } from './integrations/targetGuard';
import { serveIntegrations } from './integrations/routes';
import { serveAdmin } from './admin/routes';
import { serveUsers } from './accounts/userRoutes';
import { serveManaged } from './managed/routes';
import { serveDevices } from './devices/routes';
import { serveAudit } from './audit/routes';
import { serveUpdates } from './updates/routes';
import { serveSignaling } from './signaling/routes';
import type { SignalingHub } from './signaling/hub';
import type { TurnConfig } from './signaling/turnCredentials';
import type { DeliveryWorker } from './integrations/deliveryWorker';
import { endpointLogger, type EndpointLogOptions } from './security/endpointLogger';
import { prepareSecretsAtRest } from './security/sealAtRest';
import { requireKeyBeyondLoopback } from './security/secretKey';
import { SERVER_VERSION } from './version';
import { prepareEndpointServices, type EndpointModule, type OpenedEndpointData } from './endpointServices';
import { instanceIdOf, type EndpointDb } from './db/endpointDb';
import { serveConsole } from './console/routes';
import { serveIdentity } from './identity/routes';
import { instanceName } from './ops/instance';
import { serveOps } from './ops/routes';
import { serveLiveView } from './liveview/routes';
import { serveComputers } from './computers/routes';
import { serveVideo } from './video/routes';
import type { RecordingsS3 } from './video/recordingBytesS3';
import { serveNodeLinks } from './shared/nodeLinkRoute';
import { serveVideoEmployees } from './video/videoEmployees';
import { serveVideoPage } from './video/page';
import { RedisLink } from './shared/redisLink';
import type { SecretBox } from './security/secretBox';
import { memoryState, type SharedState } from './shared/sharedState';
import { loadSourceSecret } from './signaling/sourceKeys';

export interface ServerOptions {
  dataDir: string;
  /** Defaults to loopback: exposing the endpoint is a deliberate choice. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** A logger, or how the endpoint builds its own (which redacts secrets); none by default. */
  logger?: FastifyBaseLogger | boolean | EndpointLogOptions;
  /** TURN relay (coturn) handed to devices with time-limited credentials; none = direct only. */
  turn?: TurnConfig | undefined;
  /** How often webhook and connector deliveries are attempted (SI-12); default every second. */
  deliveryPeriodMs?: number;
  /** DP-3: where the release workflow publishes the update feed, one folder per channel. */
  updatesDir?: string | undefined;
  /** SI-12: let webhooks and connectors reach loopback and private networks (off by default). */
  allowPrivateIntegrations?: boolean;
  /**
   * The key (32 bytes) that seals secrets at rest: TOTP, webhook and connector secrets. Without
   * one, a loopback-only endpoint generates one in its data folder; any other refuses to start.
   */
  secretKey?: Buffer | undefined;
  /** SI-12: how webhook and connector host names are resolved (tests play a rebinding DNS server). */
  integrationResolver?: Resolver;
  /** The operator's one-time setup token; without one, a fresh endpoint writes one to its data folder. */
  setupToken?: string | undefined;
  /**
   * Reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed: sign-in throttling
   * then sees each user's own address. Empty: the peer's address counts, whatever it claims.
   */
  trustProxy?: readonly string[];
  /** The built renderer (out/renderer) whose console page the endpoint serves at `/`; none = no console. */
  consoleDir?: string | undefined;
  /**
   * Redis (`redis://…`, `rediss://…`) the endpoint's instances share: device routes, the hub's
   * requests and codes, every rate limit. None: this process keeps them, as one instance.
   */
  redis?: string | undefined;
  /**
   * Where the other instances reach this one directly (`http://10.0.0.5:8080`), or `listen`: the
   * address it listens on (not a wildcard one). With Redis only: a message for a device on another
   * instance then goes straight there instead of through Redis's pub/sub. None: through Redis.
   */
  nodeUrl?: string | undefined;
  /**
   * PostgreSQL (`postgres://…`) instead of SQLite in the data folder: the database several instances
   * share. The data folder still holds this instance's own files (the setup token, a loopback key).
   */
  database?: string | undefined;
  /** This instance's name in logs and metrics; default `host:pid` (see server/ops/instance.ts). */
  instanceName?: string | undefined;
  /** The bearer token Prometheus reads `/metrics` with; none: the endpoint serves no metrics. */
  metricsToken?: string | undefined;
  /** LV-1: a MaxMind DB file (GeoLite2-City and the like): help sessions are placed by their source address. */
  geoip?: string | undefined;
  /** VS-6: recordings in an S3-compatible bucket (`@tus/s3-store`) instead of the data folder. */
  recordingsS3?: RecordingsS3 | undefined;
  /** Shorter lifetimes of session codes and unanswered requests than the defaults (tests). */
  signalingTtls?: { codeTtlMs?: number; pendingTtlMs?: number; routeRenewMs?: number };
  /**
   * Live View's clock (ms since the epoch), how often it sweeps silent and expired help sessions,
   * how long one lives, and a shorter subscription ticket life than LIVEVIEW_TICKET_TTL_MS (tests).
   */
  liveview?: { now?: () => number; sweepPeriodMs?: number; lifetimeMs?: number; ticketTtlMs?: number } | undefined;
  /**
   * Video sessions' clock (ms since the epoch), how often the review period is swept, and how long a
   * call's side may be gone before the call ends (CALL_REJOIN_MS by default) (tests).
   */
  video?: { now?: () => number; sweepPeriodMs?: number; callRejoinMs?: number } | undefined;
}

export type TandemFastify = Awaited<ReturnType<typeof buildServer>>['app'];

export interface RunningServer {
  readonly app: TandemFastify;
  /** This instance's data folder (its setup token, a loopback key; the SQLite file unless `database`). */
  readonly dataDir: string;
  /** The data layer over the endpoint's database, and its secret box (tests read and seal through them). */
  readonly data: EndpointDb;
  readonly secrets: SecretBox;
  readonly hub: SignalingHub;
  readonly deliveries: DeliveryWorker;
  /** Every route the endpoint registered (HEAD left out). */
  readonly routes: readonly { method: string; url: string; hidden: boolean }[];
  readonly url: string;
  close(): Promise<void>;
}

export const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The endpoint's features, one line each: every one serves its contract's routes
 * (`src-shared/<feature>/contract.ts`) from `server/<feature>/`.
 */
const ENDPOINT_MODULES: readonly EndpointModule[] = [
  serveOps,
  serveDevices,
  serveAccounts,
  serveUsers,
  serveAdmin,
  serveManaged,
  serveAudit,
  serveCredits,
  serveSummaries,
  serveIntegrations,
  serveUpdates,
  serveIdentity,
  serveLiveView,
  serveComputers,
  serveVideo,
  serveVideoEmployees,
  serveSignaling,
  serveVideoPage,
  serveConsole,
];

export async function buildServer(
  options: Pick<
    ServerOptions,
    | 'dataDir'
    | 'logger'
    | 'turn'
    | 'deliveryPeriodMs'
    | 'updatesDir'
    | 'allowPrivateIntegrations'
    | 'integrationResolver'
    | 'secretKey'
    | 'setupToken'
    | 'trustProxy'
    | 'consoleDir'
    | 'redis'
    | 'nodeUrl'
    | 'database'
    | 'signalingTtls'
    | 'liveview'
    | 'video'
    | 'instanceName'
    | 'metricsToken'
    | 'geoip'
    | 'recordingsS3'
  >,
) {
  const opened = await openEndpointData(options);
  const { data } = opened;
  // Every line says which instance wrote it: several log into one place behind a load balancer.
  const instance = instanceName(options.instanceName);
  const app = Fastify({
    loggerInstance: endpointLogger(options.logger)?.child({ instance }),
    bodyLimit: 1024 * 1024,
    // Only the configured proxies may say who the client is; nobody else's X-Forwarded-For counts.
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : false,
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>();
  // Every route as registered, for the route-coverage test: served exactly as the contracts declare.
  const routes: { method: string; url: string; hidden: boolean }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, hidden: route.schema?.hide === true });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(apiErrorHandler);
  digestDeviceRequestBodies(app);
  refuseNulCharacters(app);
  app.setNotFoundHandler((request, reply) => {
    void sendError(reply, 404, 'not_found', `No route ${request.method} ${request.url}.`);
  });
  let shared: SharedState;
  try {
    // Signed with a key from the endpoint's own secret, which every instance reads from the database.
    shared = options.redis
      ? (await RedisLink.connect(options.redis, opened.sourceSecret, app.log)).state()
      : memoryState();
  } catch (error) {
    await data.close();
    throw error;
  }
  const { services, deliveries } = prepareEndpointServices(app, opened, { ...options, instanceName: instance }, shared);
  const { hub } = services;

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem cloud endpoint',
        description: 'Devices, signaling, accounts and Session Insights sync for a Tandem company.',
        version: SERVER_VERSION,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: SIGNAL_MAX_FRAME_BYTES } });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  if (shared.kind === 'redis') serveNodeLinks(app, shared.link, options.nodeUrl);
  try {
    for (const module of ENDPOINT_MODULES) await module(app, services);
  } catch (error) {
    // A module refused the operator's settings (a GeoIP file, the recordings' bucket): nothing stays open.
    await app.close();
    throw error;
  }

  return { app, data, secrets: opened.secrets, hub, deliveries, routes };
}

/**
 * Opens the endpoint's database (migrated), its secret box and what every instance reads from it at
 * start; closes it again when any of that fails.
 */
async function openEndpointData(
  options: Pick<ServerOptions, 'dataDir' | 'database' | 'secretKey'>,
): Promise<OpenedEndpointData> {
  const data = await openEndpointDb(options);
  try {
    const secrets = await prepareSecretsAtRest(data, options.dataDir, options.secretKey);
    return { data, secrets, sourceSecret: await loadSourceSecret(data), instanceId: await instanceIdOf(data) };
  } catch (error) {
    await data.close();
    throw error;
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  requireKeyBeyondLoopback(host, options.secretKey);
  const { app, ...parts } = await buildServer(options);
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The cloud endpoint did not bind a TCP port.');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    app,
    ...parts,
    dataDir: options.dataDir,
    url: `http://${urlHost}:${address.port}`,
    close: () => app.close(),
  };
}
