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
import { instanceId, openServerDatabase, type ServerDatabase } from './db/serverDatabase';
import { digestDeviceRequestBodies } from './auth/deviceAuth';
import { DeviceStore } from './devices/deviceStore';
import { apiErrorHandler, sendError } from './errors';
import { ReportStore } from './reports/reportStore';
import { AccountAudit } from './accounts/accountAudit';
import { AccountStore } from './accounts/accountStore';
import { SetupToken } from './accounts/setupToken';
import { UserAdmin } from './accounts/userAdmin';
import { CompanyStore } from './company/companyStore';
import { AuditStore } from './audit/auditStore';
import { serveAccounts } from './accounts/routes';
import { serveCredits } from './credits/routes';
import { CreditLedger } from './credits/creditLedger';
import { serveSummaries } from './summaries/routes';
import { SummaryStore } from './summaries/summaryStore';
import { DeliveryWorker } from './integrations/deliveryWorker';
import { IntegrationStore } from './integrations/integrationStore';
import type { Resolver } from './integrations/targetGuard';
import { serveIntegrations } from './integrations/routes';
import { serveAdmin } from './admin/routes';
import { serveUsers } from './accounts/userRoutes';
import { serveManaged } from './managed/routes';
import { serveDevices } from './devices/routes';
import { serveAudit } from './audit/routes';
import { serveUpdates } from './updates/routes';
import { SignalingHub } from './signaling/hub';
import { signalingRoutes } from './signaling/routes';
import { loadSourceSecret } from './signaling/sourceKeys';
import type { TurnConfig } from './signaling/turnCredentials';
import { endpointLogger, type EndpointLogOptions } from './security/endpointLogger';
import { prepareSecretsAtRest } from './security/sealAtRest';
import { requireKeyBeyondLoopback } from './security/secretKey';
import { SERVER_VERSION } from './version';
import { serveConsole } from './console/routes';

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
}

export type TandemFastify = Awaited<ReturnType<typeof buildServer>>['app'];

export interface RunningServer {
  readonly app: TandemFastify;
  readonly db: ServerDatabase;
  readonly hub: SignalingHub;
  readonly deliveries: DeliveryWorker;
  /** Every route the endpoint registered (HEAD left out). */
  readonly routes: readonly { method: string; url: string; hidden: boolean }[];
  readonly url: string;
  close(): Promise<void>;
}

export const OPENAPI_PATH = '/api/v1/openapi.json';

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
  >,
) {
  const db = openServerDatabase(options.dataDir);
  try {
    prepareSecretsAtRest(db, options.dataDir, options.secretKey);
  } catch (error) {
    db.close();
    throw error;
  }
  const app = Fastify({
    loggerInstance: endpointLogger(options.logger),
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
  app.setNotFoundHandler((request, reply) => {
    void sendError(reply, 404, 'not_found', `No route ${request.method} ${request.url}.`);
  });
  const devices = new DeviceStore(db);
  const reports = new ReportStore(db);
  const accounts = new AccountStore(db);
  const companies = new CompanyStore(db);
  const audit = new AuditStore(db);
  const hub = new SignalingHub({
    devices,
    reports,
    log: app.log,
    sourceSecret: loadSourceSecret(db),
    turn: options.turn,
  });
  const integrations = new IntegrationStore(db);
  const summaries = new SummaryStore(db, (companyId, summary, event) =>
    integrations.enqueue(companyId, summary, event),
  );
  const allowPrivate = options.allowPrivateIntegrations === true;
  const deliveries = new DeliveryWorker(integrations, {
    log: app.log,
    periodMs: options.deliveryPeriodMs,
    allowPrivate,
    ...(options.integrationResolver ? { resolve: options.integrationResolver } : {}),
  });
  app.addHook('onReady', async () => deliveries.start());
  app.addHook('preClose', async () => {
    await hub.close();
    await deliveries.stop();
  });
  app.addHook('onClose', async () => db.close());

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
  const guards = { accounts, devices };
  serveDevices(app, guards, { reports, version: SERVER_VERSION, instanceId: instanceId(db) });
  const accountAudit = new AccountAudit(db);
  const setupToken = SetupToken.prepare(options.dataDir, {
    hasCompanies: accounts.hasCompanies(),
    given: options.setupToken,
  });
  if (setupToken.file) app.log.info({ file: setupToken.file }, 'first start: the setup token is in this file');
  serveAccounts(app, guards, { companies, audit: accountAudit, setupToken });
  serveAdmin(app, guards, { companies });
  serveUsers(app, guards, { admin: new UserAdmin(db, accounts, accountAudit), audit: accountAudit });
  serveManaged(app, guards, { companies });
  serveAudit(app, guards, { audit });
  serveCredits(app, guards, { ledger: new CreditLedger(db) });
  serveSummaries(app, guards, { summaries });
  serveIntegrations(app, guards, { accounts, integrations, allowPrivate, resolve: options.integrationResolver });
  serveUpdates(app, guards, { db, updatesDir: options.updatesDir });
  await app.register(signalingRoutes, { hub });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  await serveConsole(app, options.consoleDir);

  return { app, db, hub, deliveries, routes };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  requireKeyBeyondLoopback(host, options.secretKey);
  const { app, db, hub, deliveries, routes } = await buildServer(options);
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The cloud endpoint did not bind a TCP port.');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { app, db, hub, deliveries, routes, url: `http://${urlHost}:${address.port}`, close: () => app.close() };
}
