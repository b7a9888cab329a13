import { z } from 'zod';
import {
  apiTokenCreatedSchema,
  apiTokenSchema,
  connectorStatusSchema,
  deliverySchema,
  webhookCreatedSchema,
  webhookSchema,
} from '../../../src-shared/domain/integrations';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';

type IntegrationsChannel =
  | 'admin.integrations.webhooks'
  | 'admin.integrations.addWebhook'
  | 'admin.integrations.removeWebhook'
  | 'admin.integrations.deliveries'
  | 'admin.integrations.connectors'
  | 'admin.integrations.setConnector'
  | 'admin.integrations.apiTokens'
  | 'admin.integrations.createApiToken'
  | 'admin.integrations.revokeApiToken';

/** Webhooks, connectors and API tokens, administered through the signed-in user's account. */
export function integrationsModule({ account }: Pick<CoreServices, 'account'>): CoreModule<IntegrationsChannel> {
  const remove = async (path: string) => {
    await account.authorized('DELETE', path, undefined, z.null());
    return {};
  };
  return {
    handlers: {
      'admin.integrations.webhooks': async () =>
        (
          await account.authorized(
            'GET',
            '/api/v1/admin/webhooks',
            undefined,
            z.object({ webhooks: z.array(webhookSchema) }),
          )
        ).webhooks,
      'admin.integrations.addWebhook': (request) =>
        account.authorized('POST', '/api/v1/admin/webhooks', request, webhookCreatedSchema),
      'admin.integrations.removeWebhook': ({ id }) => remove(`/api/v1/admin/webhooks/${encodeURIComponent(id)}`),
      'admin.integrations.deliveries': async ({ target }) => {
        // A webhook is named by its id; a connector by its kind.
        const path = target.startsWith('webhook:')
          ? `/api/v1/admin/webhooks/${encodeURIComponent(target.slice('webhook:'.length))}/deliveries`
          : `/api/v1/admin/connectors/${target}/deliveries`;
        return (await account.authorized('GET', path, undefined, z.object({ deliveries: z.array(deliverySchema) })))
          .deliveries;
      },
      'admin.integrations.connectors': async () =>
        (
          await account.authorized(
            'GET',
            '/api/v1/admin/connectors',
            undefined,
            z.object({ connectors: z.array(connectorStatusSchema) }),
          )
        ).connectors,
      'admin.integrations.setConnector': ({ kind, ...config }) =>
        account.authorized('PUT', `/api/v1/admin/connectors/${kind}`, config, connectorStatusSchema),
      'admin.integrations.apiTokens': async () =>
        (
          await account.authorized(
            'GET',
            '/api/v1/admin/api-tokens',
            undefined,
            z.object({ tokens: z.array(apiTokenSchema) }),
          )
        ).tokens,
      'admin.integrations.createApiToken': (request) =>
        account.authorized('POST', '/api/v1/admin/api-tokens', request, apiTokenCreatedSchema),
      'admin.integrations.revokeApiToken': ({ id }) => remove(`/api/v1/admin/api-tokens/${encodeURIComponent(id)}`),
    },
  };
}
