import type { FastifyInstance } from 'fastify';
import { consentRoutes as routes } from '../../src-shared/consent/contract';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';

/** The consent audit trail, as `src-shared/consent/contract.ts` declares it: devices hand in their chains; admins read (and export) them. */
export function serveAudit(app: FastifyInstance, { guards, audit }: Pick<EndpointServices, 'guards' | 'audit'>) {
  serve(app, routes['devices.me.consentAudit'], guards, async (request, reply) => {
    let stored = 0;
    for (const entry of request.body.entries) {
      const outcome = await audit.append(request.deviceId!, entry);
      if (outcome === 'stored') stored++;
      if (outcome === 'gap' || outcome === 'broken') {
        return sendError(
          reply,
          409,
          `audit_${outcome}`,
          `Entry ${entry.seq} does not continue this device's audit chain.`,
        );
      }
    }
    return { stored, lastSeq: await audit.lastSeq(request.deviceId!) };
  });

  serve(app, routes['admin.audit'], guards, async (request) => ({
    devices: await audit.forCompany(request.user!.companyId),
  }));
}
