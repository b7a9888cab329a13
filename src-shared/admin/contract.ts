import { z } from 'zod';
import {
  aiSettingsChangeSchema,
  aiSettingsSchema,
  deviceFactsSchema,
  policySettingsSchema,
  quickSupportModuleSchema,
} from '../domain/accounts';
import { deviceIdSchema } from '../domain/device';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

const created = z.object({ id: z.string() });
const moduleFields = z
  .object({
    name: z.string().trim().min(1).max(120),
    logo: z.string().max(200_000).nullable(),
    welcomeText: z.string().max(2000),
    insightsEnabled: z.boolean(),
  })
  .strict();

/** AC-2 … AC-4, SI-1 … SI-6: the company's AI settings, policies and QuickSupport modules. */
export const adminRoutes = defineRoutes({
  'admin.aiSettings.get': {
    method: 'GET',
    path: '/api/v1/admin/ai-settings',
    tag: 'admin',
    summary: 'AI settings (SI-1 … SI-4)',
    auth: 'user',
    permission: 'insights.manage_settings',
    status: 200,
    response: aiSettingsSchema,
  },
  'admin.aiSettings.update': {
    method: 'PUT',
    path: '/api/v1/admin/ai-settings',
    tag: 'admin',
    summary: 'Change AI settings; activating requires accepting the terms',
    auth: 'user',
    permission: 'insights.manage_settings',
    body: aiSettingsChangeSchema,
    status: 200,
    response: aiSettingsSchema,
  },
  'admin.policies.create': {
    method: 'POST',
    path: '/api/v1/admin/policies',
    tag: 'admin',
    summary: 'A policy: settings, each optionally enforced (AC-2)',
    auth: 'user',
    permission: 'admin.policies',
    body: z.object({ name: z.string().trim().min(1).max(120), settings: policySettingsSchema }).strict(),
    status: 201,
    response: created,
  },
  'admin.policies.update': {
    method: 'PUT',
    path: '/api/v1/admin/policies/:policyId',
    tag: 'admin',
    summary: 'Change a policy (its version goes up)',
    auth: 'user',
    permission: 'admin.policies',
    params: z.object({ policyId: z.string().min(1).max(100) }),
    body: z.object({ settings: policySettingsSchema }).strict(),
    status: 204,
    response: z.null(),
    errors: { 404: ['not_found'] },
  },
  'admin.policies.assign': {
    method: 'PUT',
    path: '/api/v1/admin/devices/:deviceId/policy',
    tag: 'admin',
    summary: 'Assign a policy to a managed device',
    auth: 'user',
    permission: 'admin.policies',
    params: z.object({ deviceId: deviceIdSchema }),
    body: z.object({ policyId: z.string().min(1).max(100) }).strict(),
    status: 204,
    response: z.null(),
    errors: { 404: ['not_found'] },
  },
  'admin.modules.create': {
    method: 'POST',
    path: '/api/v1/admin/quicksupport-modules',
    tag: 'admin',
    summary: 'A custom QuickSupport module (AC-3)',
    auth: 'user',
    permission: 'admin.modules',
    body: moduleFields,
    status: 201,
    response: created,
  },
  'quickSupport.module': {
    method: 'GET',
    path: '/api/v1/quicksupport-modules/:moduleId',
    tag: 'devices',
    summary: 'A module’s public branding, for the host app started with it',
    auth: 'public',
    params: z.object({ moduleId: z.string().max(100) }),
    status: 200,
    response: quickSupportModuleSchema,
    errors: { 404: ['not_found'] },
  },
  'devices.me.facts': {
    method: 'GET',
    path: '/api/v1/devices/me/facts',
    tag: 'devices',
    summary: 'This device’s company, AI settings and policy: its side of consent decisions',
    auth: 'device',
    status: 200,
    response: deviceFactsSchema,
  },
});

export const adminChannels = endpointChannels(adminRoutes);
