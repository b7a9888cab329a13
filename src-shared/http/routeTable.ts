import { accountRoutes, accountChannels } from '../accounts/contract';
import { adminChannels, adminRoutes } from '../admin/contract';
import { consentChannels, consentRoutes } from '../consent/contract';
import { deviceChannels, deviceRoutes } from '../device/contract';
import { identityChannels, identityRoutes } from '../identity/contract';
import { insightsChannels, insightsRoutes } from '../insights/contract';
import { integrationsChannels, integrationsRoutes } from '../integrations/contract';
import { liveviewChannels, liveviewRoutes } from '../liveview/contract';
import { computersChannels, computersRoutes } from '../computers/contract';
import { videoChannels, videoRoutes } from '../video/contract';
import { videoSessionChannels, videoSessionRoutes } from '../video/sessionContract';
import { videoRecordingChannels, videoRecordingRoutes } from '../video/recordingContract';
import { videoTicketChannels, videoTicketRoutes } from '../video/ticketContract';
import { screenshotChannels, screenshotRoutes } from '../video/screenshotContract';
import { managedChannels, managedRoutes } from '../managed/contract';
import { opsRoutes } from '../ops/contract';
import { updatesChannels, updatesRoutes } from '../updates/contract';
import type { RouteContract } from './route';

/**
 * The cloud endpoint's whole REST API: one line per feature. The endpoint serves exactly these
 * (tests/integration/server/routeCoverage.test.ts), and a route a signed-in user calls from the
 * app is an IPC channel of the same name.
 */
export const endpointRoutes = {
  ...deviceRoutes,
  ...accountRoutes,
  ...adminRoutes,
  ...managedRoutes,
  ...consentRoutes,
  ...insightsRoutes,
  ...integrationsRoutes,
  ...updatesRoutes,
  ...identityRoutes,
  ...opsRoutes,
  ...liveviewRoutes,
  ...computersRoutes,
  ...videoRoutes,
  ...videoTicketRoutes,
  ...videoSessionRoutes,
  ...screenshotRoutes,
  ...videoRecordingRoutes,
} satisfies Record<string, RouteContract>;

/** The user routes as IPC channels (`endpointChannels`), for the preload, the core and the web console. */
export const endpointChannelTable = {
  ...deviceChannels,
  ...accountChannels,
  ...adminChannels,
  ...managedChannels,
  ...consentChannels,
  ...insightsChannels,
  ...integrationsChannels,
  ...updatesChannels,
  ...identityChannels,
  ...liveviewChannels,
  ...computersChannels,
  ...videoChannels,
  ...videoTicketChannels,
  ...videoSessionChannels,
  ...screenshotChannels,
  ...videoRecordingChannels,
};
