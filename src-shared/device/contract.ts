import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/** The device feature's REST routes (being moved here from the endpoint's route files). */
export const deviceRoutes = defineRoutes({});

export const deviceChannels = endpointChannels(deviceRoutes);
