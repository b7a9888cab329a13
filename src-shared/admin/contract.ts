import { z } from 'zod';
import {
  aiSettingsChangeSchema,
  aiSettingsSchema,
  companyPolicySchema,
  deviceFactsSchema,
  policySettingsSchema,
  quickSupportModuleSchema,
} from '../domain/accounts';
import { deviceIdSchema } from '../domain/device';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

const created = z.object({ id: z.string() });
const policyParams = z.object({ policyId: z.string().min(1).max(100) });
const moduleParams = z.object({ moduleId: z.string().min(1).max(100) });
/** AC-3: the image types a module's logo may be; shown in an <img>, so an SVG runs no script. */
export const MODULE_LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/svg+xml'] as const;
/** The longest logo, as a data: URL (about 145 KB of image). */
export const MODULE_LOGO_MAX_CHARS = 200_000;
export const moduleLogoSchema = z
  .string()
  .max(MODULE_LOGO_MAX_CHARS, 'The logo is too large: at most about 145 KB of image.')
  .regex(
    /^data:image\/(png|jpeg|webp|gif|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/,
    'A logo is a PNG, JPEG, WebP, GIF or SVG image as a base64 data: URL.',
  );
const moduleFields = z
  .object({
    name: z.string().trim().min(1).max(120),
    logo: moduleLogoSchema.nullable(),
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
  'admin.policies.list': {
    method: 'GET',
    path: '/api/v1/admin/policies',
    tag: 'admin',
    summary: 'The company’s policies, each with how many devices use it (AC-2)',
    auth: 'user',
    permission: 'admin.policies',
    status: 200,
    response: z.object({ policies: z.array(companyPolicySchema) }),
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
    summary: 'Change a policy’s settings, and its name if given (its version goes up)',
    auth: 'user',
    permission: 'admin.policies',
    params: policyParams,
    body: z.object({ name: z.string().trim().min(1).max(120).optional(), settings: policySettingsSchema }).strict(),
    status: 204,
    response: z.null(),
    errors: { 404: ['not_found'] },
  },
  'admin.policies.remove': {
    method: 'DELETE',
    path: '/api/v1/admin/policies/:policyId',
    tag: 'admin',
    summary: 'Remove a policy: the devices it was assigned to keep no policy',
    auth: 'user',
    permission: 'admin.policies',
    params: policyParams,
    status: 200,
    response: z.object({ unassigned: z.number().int().nonnegative() }),
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
  'admin.modules.list': {
    method: 'GET',
    path: '/api/v1/admin/quicksupport-modules',
    tag: 'admin',
    summary: 'The company’s custom QuickSupport modules (AC-3)',
    auth: 'user',
    permission: 'admin.modules',
    status: 200,
    response: z.object({ modules: z.array(quickSupportModuleSchema) }),
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
  'admin.modules.update': {
    method: 'PUT',
    path: '/api/v1/admin/quicksupport-modules/:moduleId',
    tag: 'admin',
    summary: 'Change a QuickSupport module’s name, logo, welcome text or Session Insights',
    auth: 'user',
    permission: 'admin.modules',
    params: moduleParams,
    body: moduleFields,
    status: 204,
    response: z.null(),
    errors: { 404: ['not_found'] },
  },
  'admin.modules.remove': {
    method: 'DELETE',
    path: '/api/v1/admin/quicksupport-modules/:moduleId',
    tag: 'admin',
    summary: 'Remove a QuickSupport module: hosts started with it no longer get its branding',
    auth: 'user',
    permission: 'admin.modules',
    params: moduleParams,
    status: 204,
    response: z.null(),
    errors: { 404: ['not_found'] },
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
