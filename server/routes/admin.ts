import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { permissionSchema } from '../../src-shared/domain/accounts';
import {
  AI_TERMS_VERSION,
  aiSettingsChangeSchema,
  aiSettingsSchema,
  deviceFactsSchema,
  policySettingsSchema,
} from '../../src-shared/domain/accounts';
import { deviceIdSchema } from '../../src-shared/domain/device';
import type { AccountStore } from '../accounts/accountStore';
import { requireDevice } from '../auth/deviceAuth';
import { requireUser } from '../auth/userAuth';
import type { CompanyStore } from '../company/companyStore';
import type { DeviceStore } from '../devices/deviceStore';
import { errorBody, errorPayload } from '../errors';

const created = z.object({ id: z.string() });
const notFound = (what: string) => errorPayload('not_found', `No such ${what} in your company.`);

/** AC-2 … AC-4, SI-1 … SI-6: company administration. Every route names the permission it needs. */
export const adminRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  companies: CompanyStore;
  devices: DeviceStore;
}> = async (app, { accounts, companies, devices }) => {
  const as = (permission: z.infer<typeof permissionSchema>) => ({ preHandler: requireUser(accounts, permission) });

  app.get(
    '/api/v1/admin/ai-settings',
    {
      ...as('insights.manage_settings'),
      schema: { tags: ['admin'], summary: 'AI settings (SI-1 … SI-4)', response: { 200: aiSettingsSchema } },
    },
    async (request) => companies.aiSettings(request.user!.companyId),
  );

  app.put(
    '/api/v1/admin/ai-settings',
    {
      ...as('insights.manage_settings'),
      schema: {
        tags: ['admin'],
        summary: 'Change AI settings; activating requires accepting the terms',
        body: aiSettingsChangeSchema,
        response: { 200: aiSettingsSchema },
      },
    },
    async (request) => {
      const { activate, ...rest } = request.body;
      return companies.updateAiSettings(
        request.user!.companyId,
        { ...rest, ...(activate ? { activate: { acceptTerms: true, termsVersion: AI_TERMS_VERSION } } : {}) },
        request.user!.email,
      );
    },
  );

  app.post(
    '/api/v1/admin/policies',
    {
      ...as('admin.policies'),
      schema: {
        tags: ['admin'],
        summary: 'A policy: settings, each optionally enforced (AC-2)',
        body: z.object({ name: z.string().trim().min(1).max(120), settings: policySettingsSchema }),
        response: { 201: created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ id: companies.createPolicy(request.user!.companyId, request.body.name, request.body.settings) }),
  );

  app.put(
    '/api/v1/admin/policies/:policyId',
    {
      ...as('admin.policies'),
      schema: {
        tags: ['admin'],
        summary: 'Change a policy (its version goes up)',
        params: z.object({ policyId: z.string() }),
        body: z.object({ settings: policySettingsSchema }),
        response: { 204: z.null(), 404: errorBody },
      },
    },
    async (request, reply) =>
      companies.updatePolicy(request.user!.companyId, request.params.policyId, request.body.settings)
        ? reply.status(204).send(null)
        : reply.status(404).send(notFound('policy')),
  );

  app.put(
    '/api/v1/admin/devices/:deviceId/policy',
    {
      ...as('admin.policies'),
      schema: {
        tags: ['admin'],
        summary: 'Assign a policy to a managed device',
        params: z.object({ deviceId: deviceIdSchema }),
        body: z.object({ policyId: z.string() }),
        response: { 204: z.null(), 404: errorBody },
      },
    },
    async (request, reply) =>
      companies.assignPolicy(request.user!.companyId, request.params.deviceId, request.body.policyId)
        ? reply.status(204).send(null)
        : reply.status(404).send(notFound('managed device or policy')),
  );

  app.post(
    '/api/v1/admin/quicksupport-modules',
    {
      ...as('admin.modules'),
      schema: {
        tags: ['admin'],
        summary: 'A custom QuickSupport module (AC-3)',
        body: z.object({
          name: z.string().trim().min(1).max(120),
          logo: z.string().max(200_000).nullable(),
          welcomeText: z.string().max(2000),
          insightsEnabled: z.boolean(),
        }),
        response: { 201: created },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: companies.createModule(request.user!.companyId, request.body) }),
  );

  app.get(
    '/api/v1/quicksupport-modules/:moduleId',
    {
      schema: {
        tags: ['devices'],
        summary: 'A module’s public branding, for the host app started with it',
        params: z.object({ moduleId: z.string().max(100) }),
        response: {
          200: z.object({
            id: z.string(),
            companyId: z.string(),
            name: z.string(),
            logo: z.string().nullable(),
            welcomeText: z.string(),
            insightsEnabled: z.boolean(),
          }),
          404: errorBody,
        },
      },
    },
    async (request, reply) =>
      companies.module(request.params.moduleId) ?? reply.status(404).send(notFound('QuickSupport module')),
  );

  app.get(
    '/api/v1/devices/me/facts',
    {
      preHandler: requireDevice(devices),
      schema: {
        tags: ['devices'],
        summary: 'This device’s company, AI settings and policy: its side of consent decisions',
        response: { 200: deviceFactsSchema },
      },
    },
    async (request) => companies.hostFacts(request.deviceId!),
  );
};
