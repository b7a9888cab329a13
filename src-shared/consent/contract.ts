import { z } from 'zod';
import { auditEntrySchema } from '../domain/consent';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { defineIpc, empty } from '../ipc/channel';
import { accessControlSchema } from './decision';

/** The consent audit trail: devices hand in their chains; admins read (and export) them. */
export const consentRoutes = defineRoutes({
  'devices.me.consentAudit': {
    method: 'POST',
    path: '/api/v1/devices/me/consent-audit',
    tag: 'devices',
    summary: 'Hand in consent audit entries, in order; each must continue the stored chain',
    auth: 'device',
    body: z.object({ entries: z.array(auditEntrySchema).min(1).max(500) }),
    status: 200,
    response: z.object({ stored: z.number(), lastSeq: z.number() }),
    errors: { 409: ['audit_gap', 'audit_broken'] },
  },
  'admin.audit': {
    method: 'GET',
    path: '/api/v1/admin/consent-audit',
    tag: 'admin',
    summary: 'The consent audit trails of the company’s devices, verified',
    auth: 'user',
    permission: 'admin.audit',
    status: 200,
    response: z.object({
      devices: z.array(z.object({ deviceId: z.string(), intact: z.boolean(), entries: z.array(auditEntrySchema) })),
    }),
  },
});

export const consentChannels = endpointChannels(consentRoutes);

/** SI-5, SI-13: the consent audit trail and the Session Insights access control as it applies. */
export const consentIpc = defineIpc({
  channels: {
    'consent.audit': {
      request: empty,
      response: z.object({ entries: z.array(auditEntrySchema), intact: z.boolean(), problem: z.string().nullable() }),
    },
    /** The access control as it applies: the user's choice, or the policy's where enforced. */
    'insights.accessControl': {
      request: empty,
      response: z.object({
        value: accessControlSchema,
        lockedByPolicy: z.boolean(),
        /** DP-2: IT enforced it in this computer's managed configuration. */
        lockedByManaged: z.boolean(),
        policySessionInsights: z.object({ value: z.boolean(), enforced: z.boolean() }).nullable(),
      }),
    },
  },
  events: {},
});
