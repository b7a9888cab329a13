import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/** The integrations feature's REST routes (being moved here from the endpoint's route files). */
export const integrationsRoutes = defineRoutes({});

export const integrationsChannels = endpointChannels(integrationsRoutes);
