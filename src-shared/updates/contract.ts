import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/** The updates feature's REST routes (being moved here from the endpoint's route files). */
export const updatesRoutes = defineRoutes({});

export const updatesChannels = endpointChannels(updatesRoutes);
