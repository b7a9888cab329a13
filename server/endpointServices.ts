import { hkdfSync } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { AccountAudit } from './accounts/accountAudit';
import { AccountStore } from './accounts/accountStore';
import type { ServerOptions } from './app';
import { AuditStore } from './audit/auditStore';
import { CompanyStore } from './company/companyStore';
import type { EndpointDb } from './db/endpointDb';
import { DeviceStore } from './devices/deviceStore';
import type { RouteGuards } from './http/serve';
import { DeliveryWorker } from './integrations/deliveryWorker';
import { IntegrationStore } from './integrations/integrationStore';
import type { Resolver } from './integrations/targetGuard';
import { ReportStore } from './reports/reportStore';
import type { SharedState } from './shared/sharedState';
import { SignalingHub } from './signaling/hub';
import type { SecretBox } from './security/secretBox';
import { SummaryFeed } from './summaries/summaryFeed';
import { SummaryStore } from './summaries/summaryStore';
import { enqueueDeliveries } from './integrations/deliveryQueue';
import { SERVER_VERSION } from './version';
import { VideoDeviceStore } from './video/videoDeviceStore';

/**
 * What `app.ts` builds once and the endpoint's feature modules share. A module names the part it
 * uses (`Pick<EndpointServices, 'guards' | 'companies'>`), so its reach is visible from its signature.
 */
export interface EndpointServices {
  /** The data layer (server/db/endpointDb.ts): SQLite in the data folder, or PostgreSQL. */
  readonly data: EndpointDb;
  /** Seals and opens the secrets the endpoint keeps (TOTP, webhook and connector secrets, its identity key). */
  readonly secrets: SecretBox;
  readonly log: FastifyBaseLogger;
  /** Who may call a route: the user accounts, the registered devices and the video code users. */
  readonly guards: RouteGuards;
  readonly accounts: AccountStore;
  readonly devices: DeviceStore;
  readonly companies: CompanyStore;
  readonly reports: ReportStore;
  readonly audit: AuditStore;
  readonly accountAudit: AccountAudit;
  readonly hub: SignalingHub;
  /** What the endpoint's instances share (rate limits, the hub's tables): this process's, or Redis's. */
  readonly shared: SharedState;
  readonly integrations: IntegrationStore;
  /** The Insights view's reads of the company's summaries. */
  readonly summaries: SummaryStore;
  /** The devices' summary sync: push, pull and one summary (SI-14). */
  readonly summaryFeed: SummaryFeed;
  readonly version: string;
  /**
   * A key (32 bytes) for one purpose, derived from the endpoint's private secret: the same on every
   * instance, different per purpose, and never the secret itself (Live View's tickets).
   */
  keyFor(purpose: string): Buffer;
  /** This endpoint's instance ID: the audience of every device signature. */
  readonly instanceId: string;
  /** The operator's configuration the features read. */
  readonly config: {
    readonly dataDir: string;
    readonly setupToken: string | undefined;
    readonly updatesDir: string | undefined;
    readonly consoleDir: string | undefined;
    /** SI-12: webhooks and connectors may reach loopback and private networks. */
    readonly allowPrivateIntegrations: boolean;
    readonly integrationResolver: Resolver | undefined;
    /** This process among the endpoint's instances, in logs and metrics (not `instanceId`, which they share). */
    readonly instanceName: string;
    /** The bearer token `/metrics` needs; none: no metrics are served. */
    readonly metricsToken: string | undefined;
    /** Live View's clock and sweep period (tests move the clock instead of waiting). */
    readonly liveview: ServerOptions['liveview'];
    /** Video sessions' clock and review sweep period (tests). */
    readonly video: ServerOptions['video'];
    /** LV-1: the GeoIP database file that places help sessions by their source address; none: by their time zone. */
    readonly geoip: string | undefined;
    /** The TURN relay the hub hands devices credentials for; the video call hands them to its two sides too. */
    readonly turn: ServerOptions['turn'];
    /** VS-6: recordings in an S3-compatible bucket; none: in the data folder. */
    readonly recordingsS3: ServerOptions['recordingsS3'];
  };
}

/** The endpoint's database as `app.ts` opened it, with what every instance reads from it at start. */
export interface OpenedEndpointData {
  readonly data: EndpointDb;
  readonly secrets: SecretBox;
  /** The hub's private secret for source keys (`signaling/sourceKeys.ts`). */
  readonly sourceSecret: Buffer;
  readonly instanceId: string;
}

/** One feature of the endpoint as `app.ts` lists it: it serves its contract's routes (and sockets, pages). */
export type EndpointModule = (app: FastifyInstance, services: EndpointServices) => void | Promise<void>;

/**
 * Builds the shared services over the endpoint's database, and ties the background parts to the
 * server's life: the hub closes and integration deliveries stop before the database does.
 */
export function prepareEndpointServices(
  app: FastifyInstance,
  opened: OpenedEndpointData,
  options: Pick<
    ServerOptions,
    | 'dataDir'
    | 'turn'
    | 'deliveryPeriodMs'
    | 'updatesDir'
    | 'allowPrivateIntegrations'
    | 'integrationResolver'
    | 'setupToken'
    | 'consoleDir'
    | 'signalingTtls'
    | 'metricsToken'
    | 'liveview'
    | 'video'
    | 'geoip'
    | 'recordingsS3'
  > & { instanceName: string },
  shared: SharedState,
): { services: EndpointServices; deliveries: DeliveryWorker } {
  const { data, secrets, sourceSecret, instanceId } = opened;
  const devices = new DeviceStore(data, instanceId);
  const accounts = new AccountStore(data, secrets);
  const reports = new ReportStore(data);
  const hub = new SignalingHub({
    devices,
    reports,
    log: app.log,
    sourceSecret,
    turn: options.turn,
    shared,
    ...options.signalingTtls,
  });
  const integrations = new IntegrationStore(data, secrets);
  const deliveries = new DeliveryWorker(integrations, data, {
    log: app.log,
    periodMs: options.deliveryPeriodMs,
    allowPrivate: options.allowPrivateIntegrations === true,
    ...(options.integrationResolver ? { resolve: options.integrationResolver } : {}),
  });
  app.addHook('onReady', async () => deliveries.start());
  app.addHook('preClose', async () => {
    await hub.close();
    await deliveries.stop();
  });
  // Closes the shared handle too.
  app.addHook('onClose', async () => data.close());
  app.addHook('onClose', async () => shared.close());
  const keyFor = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', sourceSecret, Buffer.alloc(0), `tandem:${purpose}`, 32));
  const services: EndpointServices = {
    data,
    secrets,
    log: app.log,
    guards: { accounts, devices, codeUsers: new VideoDeviceStore(data, secrets, keyFor('video-device-code')) },
    accounts,
    devices,
    companies: new CompanyStore(data),
    reports,
    audit: new AuditStore(data),
    accountAudit: new AccountAudit(data),
    hub,
    shared,
    integrations,
    summaries: new SummaryStore(data),
    summaryFeed: new SummaryFeed(data, enqueueDeliveries),
    version: SERVER_VERSION,
    keyFor,
    instanceId,
    config: {
      dataDir: options.dataDir,
      setupToken: options.setupToken,
      updatesDir: options.updatesDir,
      consoleDir: options.consoleDir,
      allowPrivateIntegrations: options.allowPrivateIntegrations === true,
      integrationResolver: options.integrationResolver,
      instanceName: options.instanceName,
      metricsToken: options.metricsToken,
      liveview: options.liveview,
      video: options.video,
      geoip: options.geoip,
      turn: options.turn,
      recordingsS3: options.recordingsS3,
    },
  };

  return { services, deliveries };
}
