import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/** The accounts feature's REST routes (being moved here from the endpoint's route files). */
export const accountRoutes = defineRoutes({});

export const accountChannels = endpointChannels(accountRoutes);
