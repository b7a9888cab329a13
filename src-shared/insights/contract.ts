import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/** The insights feature's REST routes (being moved here from the endpoint's route files). */
export const insightsRoutes = defineRoutes({});

export const insightsChannels = endpointChannels(insightsRoutes);
