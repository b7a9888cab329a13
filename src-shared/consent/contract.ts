import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/** The consent feature's REST routes (being moved here from the endpoint's route files). */
export const consentRoutes = defineRoutes({});

export const consentChannels = endpointChannels(consentRoutes);
