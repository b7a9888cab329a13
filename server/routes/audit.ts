import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEntrySchema } from '../../src-shared/domain/consent';
import type { AccountStore } from '../accounts/accountStore';
import type { AuditStore } from '../audit/auditStore';
import { requireDevice } from '../auth/deviceAuth';
import { requireUser } from '../auth/userAuth';
import type { DeviceStore } from '../devices/deviceStore';
import { errorBody, sendError } from '../errors';

/** The consent audit trail: devices hand in their chains; admins read (and export) them. */
export const auditRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  devices: DeviceStore;
  audit: AuditStore;
}> = async (app, { accounts, devices, audit }) => {
  app.post(
    '/api/v1/devices/me/consent-audit',
    {
      preHandler: requireDevice(devices),
      schema: {
        tags: ['devices'],
        summary: 'Hand in consent audit entries, in order; each must continue the stored chain',
        body: z.object({ entries: z.array(auditEntrySchema).min(1).max(500) }),
        response: { 200: z.object({ stored: z.number(), lastSeq: z.number() }), 409: errorBody },
      },
    },
    async (request, reply) => {
      let stored = 0;
      for (const entry of request.body.entries) {
        const outcome = audit.append(request.deviceId!, entry);
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
      return { stored, lastSeq: audit.lastSeq(request.deviceId!) };
    },
  );

  app.get(
    '/api/v1/admin/consent-audit',
    {
      preHandler: requireUser(accounts, 'admin.audit'),
      schema: {
        tags: ['admin'],
        summary: 'The consent audit trails of the company’s devices, verified',
        response: {
          200: z.object({
            devices: z.array(
              z.object({ deviceId: z.string(), intact: z.boolean(), entries: z.array(auditEntrySchema) }),
            ),
          }),
        },
      },
    },
    async (request) => ({ devices: audit.forCompany(request.user!.companyId) }),
  );
};
