import type { FastifyInstance } from 'fastify';
import { deviceRoutes as routes } from '../../src-shared/device/contract';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';
import { isEd25519PublicKey } from './deviceStore';

/**
 * RS-1, RS-11, as `src-shared/device/contract.ts` declares them: the endpoint's identity (the
 * audience of every device signature), devices registering their keys, and their connection reports.
 */
export function serveDevices(
  app: FastifyInstance,
  deps: Pick<EndpointServices, 'guards' | 'reports' | 'version' | 'instanceId'>,
) {
  const { guards } = deps;
  serve(app, routes['system.health'], guards, () => ({
    status: 'ok' as const,
    service: 'tandem-cloud' as const,
    version: deps.version,
    instanceId: deps.instanceId,
    uptimeSeconds: process.uptime(),
  }));

  serve(app, routes['devices.register'], guards, async (request, reply) => {
    // Checked here rather than in the contract: the renderer shares the contract, node's crypto is the endpoint's.
    if (!isEd25519PublicKey(request.body.publicKey)) {
      return reply.status(400).send({
        error: {
          code: 'invalid_request',
          message: "The request's body does not match the API's schema.",
          issues: [{ path: 'publicKey', message: 'an Ed25519 public key in SPKI PEM' }],
        },
      });
    }
    const status = await guards.devices.register(request.body);
    if (status === 'id_taken') {
      return sendError(reply, 409, 'id_taken', 'This device ID belongs to another device; choose another ID.');
    }
    return { status };
  });

  serve(app, routes['devices.me.connectionReports'], guards, async (request) => ({
    reports: await deps.reports.forDevice(request.deviceId!),
  }));
}
