import type { FastifyInstance, FastifyReply } from 'fastify';
import { connectorKindSchema, sameInstance, type ConnectorKind } from '../../src-shared/domain/integrations';
import { integrationsRoutes as routes } from '../../src-shared/integrations/contract';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';
import { refusedTarget } from './targetGuard';

/** SI-12: webhooks, the ServiceNow and Salesforce connectors and API tokens, as `src-shared/integrations/contract.ts` declares them. */
export function serveIntegrations(
  app: FastifyInstance,
  { guards, accounts, integrations, config }: Pick<EndpointServices, 'guards' | 'accounts' | 'integrations' | 'config'>,
) {
  const { allowPrivateIntegrations: allowPrivate, integrationResolver: resolve } = config;
  const notFound = (reply: FastifyReply, what: string) =>
    sendError(reply, 404, 'not_found', `No such ${what} in your company.`);

  serve(app, routes['admin.integrations.webhooks'], guards, async (request) => ({
    webhooks: await integrations.webhooks(request.user!.companyId),
  }));

  serve(app, routes['admin.integrations.addWebhook'], guards, async (request, reply) => {
    const refused = await refusedTarget(request.body.url, allowPrivate, resolve);
    if (refused) return sendError(reply, 400, 'invalid_request', refused);
    return integrations.addWebhook(request.user!.companyId, request.body.url, request.body.events);
  });

  serve(app, routes['admin.integrations.removeWebhook'], guards, async (request, reply) =>
    (await integrations.removeWebhook(request.user!.companyId, request.params.id)) ? null : notFound(reply, 'webhook'),
  );

  serve(app, routes['admin.integrations.webhookDeliveries'], guards, async (request) => ({
    deliveries: await integrations.log(request.user!.companyId, `webhook:${request.params.id}`),
  }));

  const connectorStatus = async (companyId: string, kind: ConnectorKind) => {
    const stored = await integrations.connector(companyId, kind);
    return {
      kind,
      enabled: stored?.enabled ?? false,
      instanceUrl: stored?.config.instanceUrl ?? null,
      username: stored?.config.username ?? null,
      secretSet: Boolean(stored?.config.secret),
    };
  };

  serve(app, routes['admin.integrations.connectors'], guards, async (request) => ({
    connectors: await Promise.all(
      connectorKindSchema.options.map((kind) => connectorStatus(request.user!.companyId, kind)),
    ),
  }));

  for (const [route, kind, secretKey] of [
    [routes['admin.integrations.setServiceNow'], 'servicenow', 'password'],
    [routes['admin.integrations.setSalesforce'], 'salesforce', 'accessToken'],
  ] as const) {
    serve(app, route, guards, async (request, reply) => {
      const companyId = request.user!.companyId;
      const body = request.body as { enabled: boolean; instanceUrl: string; username?: string } & Record<
        string,
        string | boolean | undefined
      >;
      const refused = await refusedTarget(body.instanceUrl, allowPrivate, resolve);
      if (refused) return sendError(reply, 400, 'invalid_request', refused);
      // A stored password or token is kept only for the instance it was entered for: otherwise
      // whoever may edit the connector could point it at their own host and receive the secret
      // with the next delivery.
      const stored = (await integrations.connector(companyId, kind))?.config;
      const keptSecret = stored && sameInstance(stored.instanceUrl, body.instanceUrl) ? stored.secret : undefined;
      const secret = (body[secretKey] as string | undefined) ?? keptSecret;
      if (!secret) {
        const what = kind === 'servicenow' ? 'the integration user’s password' : 'an OAuth access token';
        return stored?.secret
          ? sendError(
              reply,
              400,
              'connector_secret_required',
              `The instance URL changed: enter ${what} for ${body.instanceUrl} again (the stored one is kept only for ${stored.instanceUrl}).`,
            )
          : sendError(reply, 400, 'invalid_request', `Enter ${what}.`);
      }
      await integrations.setConnector(companyId, kind, body.enabled, {
        instanceUrl: body.instanceUrl,
        ...(body.username ? { username: body.username } : {}),
        secret,
      });
      return connectorStatus(companyId, kind);
    });
  }

  serve(app, routes['admin.integrations.connectorDeliveries'], guards, async (request) => ({
    deliveries: await integrations.log(request.user!.companyId, request.params.kind),
  }));

  serve(app, routes['admin.integrations.apiTokens'], guards, async (request) => ({
    tokens: await accounts.apiTokens(request.user!.companyId),
  }));

  serve(app, routes['admin.integrations.createApiToken'], guards, async (request, reply) => {
    const user = request.user!;
    const beyond = request.body.permissions.filter((permission) => !user.permissions.includes(permission));
    if (beyond.length > 0) {
      return sendError(
        reply,
        400,
        'invalid_request',
        `You cannot give a token what you do not hold: ${beyond.join(', ')}.`,
      );
    }
    return accounts.createApiToken(user.companyId, user.id, request.body.name, request.body.permissions);
  });

  serve(app, routes['admin.integrations.revokeApiToken'], guards, async (request, reply) =>
    (await accounts.revokeApiToken(request.user!.companyId, request.params.id)) ? null : notFound(reply, 'API token'),
  );
}
