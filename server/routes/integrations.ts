import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiTokenCreatedSchema,
  apiTokenCreateSchema,
  apiTokenSchema,
  connectorKindSchema,
  connectorStatusSchema,
  deliverySchema,
  salesforceConfigSchema,
  sameInstance,
  serviceNowConfigSchema,
  webhookCreatedSchema,
  webhookCreateSchema,
  webhookSchema,
  type ConnectorKind,
} from '../../src-shared/domain/integrations';
import { syncedSummarySchema } from '../../src-shared/domain/summarySync';
import type { AccountStore } from '../accounts/accountStore';
import { requireUser } from '../auth/userAuth';
import type { IntegrationStore } from '../integrations/integrationStore';
import { refusedTarget, type Resolver } from '../integrations/targetGuard';
import type { SummaryStore } from '../summaries/summaryStore';
import { errorBodyWithIssues as errorBody, errorPayload, sendError } from '../errors';

const idParams = z.object({ id: z.string().max(100) });
const notFound = (what: string) => errorPayload('not_found', `No such ${what} in your company.`);

/** SI-12: webhooks, the ServiceNow and Salesforce connectors, API tokens, and reading summaries over REST. */
export const integrationRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  integrations: IntegrationStore;
  summaries: SummaryStore;
  /** Whether webhooks and connectors may reach loopback and private networks. */
  allowPrivate: boolean;
  /** How target host names are resolved; the system's resolver unless a test plays DNS. */
  resolve?: Resolver | undefined;
}> = async (app, { accounts, integrations, summaries, allowPrivate, resolve }) => {
  const refuse = (message: string) => errorPayload('invalid_request', message);
  const admin = { preHandler: requireUser(accounts, 'admin.integrations') };

  app.get(
    '/api/v1/summaries/:id',
    {
      preHandler: requireUser(accounts, 'insights.view'),
      schema: {
        tags: ['summaries'],
        summary: 'One summary of the company (a tombstone once deleted); API tokens with *view* may read it',
        params: idParams,
        response: { 200: syncedSummarySchema, 404: errorBody },
      },
    },
    async (request, reply) =>
      summaries.get(request.user!.companyId, request.params.id) ?? reply.status(404).send(notFound('summary')),
  );

  app.get(
    '/api/v1/admin/webhooks',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'The company’s webhooks',
        response: { 200: z.object({ webhooks: z.array(webhookSchema) }) },
      },
    },
    async (request) => ({ webhooks: integrations.webhooks(request.user!.companyId) }),
  );

  app.post(
    '/api/v1/admin/webhooks',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'Add a webhook; its signing secret is shown this once',
        description:
          'Each delivery is a POST with the JSON payload and the header `Tandem-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`. Non-2xx answers are retried with back-off (1 s, 2 s, 4 s … up to 8 attempts).',
        body: webhookCreateSchema,
        response: { 201: webhookCreatedSchema, 400: errorBody },
      },
    },
    async (request, reply) => {
      const refused = await refusedTarget(request.body.url, allowPrivate, resolve);
      if (refused) return reply.status(400).send(refuse(refused));
      return reply
        .status(201)
        .send(integrations.addWebhook(request.user!.companyId, request.body.url, request.body.events));
    },
  );

  app.delete(
    '/api/v1/admin/webhooks/:id',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'Remove a webhook',
        params: idParams,
        response: { 204: z.null(), 404: errorBody },
      },
    },
    async (request, reply) =>
      integrations.removeWebhook(request.user!.companyId, request.params.id)
        ? reply.status(204).send(null)
        : reply.status(404).send(notFound('webhook')),
  );

  app.get(
    '/api/v1/admin/webhooks/:id/deliveries',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'The webhook’s delivery log, newest first',
        params: idParams,
        response: { 200: z.object({ deliveries: z.array(deliverySchema) }) },
      },
    },
    async (request) => ({ deliveries: integrations.log(request.user!.companyId, `webhook:${request.params.id}`) }),
  );

  const connectorStatus = (companyId: string, kind: ConnectorKind) => {
    const stored = integrations.connector(companyId, kind);
    return {
      kind,
      enabled: stored?.enabled ?? false,
      instanceUrl: stored?.config.instanceUrl ?? null,
      username: stored?.config.username ?? null,
      secretSet: Boolean(stored?.config.secret),
    };
  };

  app.get(
    '/api/v1/admin/connectors',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'The ServiceNow and Salesforce connectors (secrets are never returned)',
        response: { 200: z.object({ connectors: z.array(connectorStatusSchema) }) },
      },
    },
    async (request) => ({
      connectors: connectorKindSchema.options.map((kind) => connectorStatus(request.user!.companyId, kind)),
    }),
  );

  for (const [kind, schema, secretKey] of [
    ['servicenow', serviceNowConfigSchema, 'password'],
    ['salesforce', salesforceConfigSchema, 'accessToken'],
  ] as const) {
    app.put(
      `/api/v1/admin/connectors/${kind}`,
      {
        ...admin,
        schema: {
          tags: ['integrations'],
          summary:
            kind === 'servicenow'
              ? 'ServiceNow: summaries naming an incident (INC…) become work notes on it (Table API, basic auth)'
              : 'Salesforce: summaries naming a case number become private case comments (REST API, OAuth access token)',
          body: schema.extend({ enabled: z.boolean() }),
          response: { 200: connectorStatusSchema, 400: errorBody },
        },
      },
      async (request, reply) => {
        const companyId = request.user!.companyId;
        const body = request.body as { enabled: boolean; instanceUrl: string; username?: string } & Record<
          string,
          string | boolean | undefined
        >;
        const refused = await refusedTarget(body.instanceUrl, allowPrivate, resolve);
        if (refused) return reply.status(400).send(refuse(refused));
        // A stored password or token is kept only for the instance it was entered for: otherwise
        // whoever may edit the connector could point it at their own host and receive the secret
        // with the next delivery.
        const stored = integrations.connector(companyId, kind)?.config;
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
        integrations.setConnector(companyId, kind, body.enabled, {
          instanceUrl: body.instanceUrl,
          ...(body.username ? { username: body.username } : {}),
          secret,
        });
        return connectorStatus(companyId, kind);
      },
    );
  }

  app.get(
    '/api/v1/admin/connectors/:kind/deliveries',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'The connector’s delivery log, newest first',
        params: z.object({ kind: connectorKindSchema }),
        response: { 200: z.object({ deliveries: z.array(deliverySchema) }) },
      },
    },
    async (request) => ({ deliveries: integrations.log(request.user!.companyId, request.params.kind) }),
  );

  app.get(
    '/api/v1/admin/api-tokens',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'The company’s API tokens',
        response: { 200: z.object({ tokens: z.array(apiTokenSchema) }) },
      },
    },
    async (request) => ({ tokens: accounts.apiTokens(request.user!.companyId) }),
  );

  app.post(
    '/api/v1/admin/api-tokens',
    {
      // A token never mints tokens: one made by a token would outlive that token's revocation.
      preHandler: requireUser(accounts, 'admin.integrations', { sessionOnly: true }),
      schema: {
        tags: ['integrations'],
        summary: 'Create an API token with some of your own permissions; the token is shown this once',
        description:
          'Send it as `Authorization: Bearer <token>`. It acts with its permissions, narrowed to what its creator still holds.',
        body: apiTokenCreateSchema,
        response: { 201: apiTokenCreatedSchema, 400: errorBody, 403: errorBody },
      },
    },
    async (request, reply) => {
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
      return reply
        .status(201)
        .send(accounts.createApiToken(user.companyId, user.id, request.body.name, request.body.permissions));
    },
  );

  app.delete(
    '/api/v1/admin/api-tokens/:id',
    {
      ...admin,
      schema: {
        tags: ['integrations'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 204: z.null(), 404: errorBody },
      },
    },
    async (request, reply) =>
      accounts.revokeApiToken(request.user!.companyId, request.params.id)
        ? reply.status(204).send(null)
        : reply.status(404).send(notFound('API token')),
  );
};
