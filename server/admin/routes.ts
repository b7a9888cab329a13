import type { FastifyInstance } from 'fastify';
import { adminRoutes as routes } from '../../src-shared/admin/contract';
import { AI_TERMS_VERSION } from '../../src-shared/domain/accounts';
import type { EndpointServices } from '../endpointServices';
import { sendError } from '../errors';
import { serve } from '../http/serve';

/** AC-2 … AC-4, SI-1 … SI-6: company administration, as `src-shared/admin/contract.ts` declares it. */
export function serveAdmin(
  app: FastifyInstance,
  { guards, companies }: Pick<EndpointServices, 'guards' | 'companies'>,
) {
  const notFound = (reply: Parameters<typeof sendError>[0], what: string) =>
    sendError(reply, 404, 'not_found', `No such ${what} in your company.`);

  serve(app, routes['admin.aiSettings.get'], guards, (request) => companies.aiSettings(request.user!.companyId));

  serve(app, routes['admin.aiSettings.update'], guards, (request) => {
    const { activate, ...rest } = request.body;
    return companies.updateAiSettings(
      request.user!.companyId,
      { ...rest, ...(activate ? { activate: { acceptTerms: true, termsVersion: AI_TERMS_VERSION } } : {}) },
      request.user!.email,
    );
  });

  serve(app, routes['admin.policies.create'], guards, async (request) => ({
    id: await companies.createPolicy(request.user!.companyId, request.body.name, request.body.settings),
  }));

  serve(app, routes['admin.policies.list'], guards, async (request) => ({
    policies: await companies.policies(request.user!.companyId),
  }));

  serve(app, routes['admin.policies.update'], guards, async (request, reply) =>
    (await companies.updatePolicy(
      request.user!.companyId,
      request.params.policyId,
      request.body.settings,
      request.body.name,
    ))
      ? null
      : notFound(reply, 'policy'),
  );

  serve(
    app,
    routes['admin.policies.remove'],
    guards,
    async (request, reply) =>
      (await companies.removePolicy(request.user!.companyId, request.params.policyId)) ?? notFound(reply, 'policy'),
  );

  serve(app, routes['admin.policies.assign'], guards, async (request, reply) =>
    (await companies.assignPolicy(request.user!.companyId, request.params.deviceId, request.body.policyId))
      ? null
      : notFound(reply, 'managed device or policy'),
  );

  serve(app, routes['admin.modules.list'], guards, async (request) => ({
    modules: await companies.modules(request.user!.companyId),
  }));

  serve(app, routes['admin.modules.create'], guards, async (request) => ({
    id: await companies.createModule(request.user!.companyId, request.body),
  }));

  serve(app, routes['admin.modules.update'], guards, async (request, reply) =>
    (await companies.updateModule(request.user!.companyId, request.params.moduleId, request.body))
      ? null
      : notFound(reply, 'QuickSupport module'),
  );

  serve(app, routes['admin.modules.remove'], guards, async (request, reply) =>
    (await companies.removeModule(request.user!.companyId, request.params.moduleId))
      ? null
      : notFound(reply, 'QuickSupport module'),
  );

  serve(
    app,
    routes['quickSupport.module'],
    guards,
    async (request, reply) =>
      (await companies.module(request.params.moduleId)) ?? notFound(reply, 'QuickSupport module'),
  );

  serve(app, routes['devices.me.facts'], guards, (request) => companies.hostFacts(request.deviceId!));
}
