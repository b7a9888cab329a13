import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/** The managed feature's REST routes (being moved here from the endpoint's route files). */
export const managedRoutes = defineRoutes({});

export const managedChannels = endpointChannels(managedRoutes);
