import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_PERMISSIONS, type Permission } from '../../src-shared/domain/accounts';
import { webhookEventSchema, type WebhookEvent } from '../../src-shared/domain/integrations';
import type { Response } from '../../src-shared/ipc/contract';
import { CheckboxGroup } from '../shell/CheckboxGroup';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { DeliveryLog } from './DeliveryLog';
import { ConfirmRemove } from './Dialog';
import { EntityList } from './EntityList';
import { useClient, useList } from './useList';

type Webhook = Response<'admin.integrations.webhooks'>['webhooks'][number];
type ApiToken = Response<'admin.integrations.apiTokens'>['tokens'][number];

/** SI-12: webhooks that receive each chosen summary event, signed with their secret. */
export function Webhooks(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const webhooks = useList(async () => (await client.invoke('admin.integrations.webhooks', {})).webhooks);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['summary.created']);
  const [secret, setSecret] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const add = useAction(async () => {
    setSecret((await client.invoke('admin.integrations.addWebhook', { body: { url, events } })).secret);
    setUrl('');
    await webhooks.reload();
  });
  const eventNames = (webhook: Webhook) =>
    webhook.events.map((event) => t(`admin.integrations.events.${event}`)).join(', ');

  return (
    <section aria-labelledby={`${id}-title`} className="subsection">
      <h3 id={`${id}-title`}>{t('admin.integrations.webhooks')}</h3>
      <p className="hint">{t('admin.integrations.webhooksHint')}</p>
      <EntityList
        label={t('admin.integrations.webhooks')}
        items={webhooks.items}
        error={webhooks.error}
        rowKey={(webhook) => webhook.id}
        searchText={(webhook) => `${webhook.url} ${eventNames(webhook)}`}
        empty={t('admin.integrations.noWebhooks')}
        columns={[
          { header: t('admin.integrations.url'), cell: (webhook) => <code>{webhook.url}</code> },
          { header: t('admin.integrations.eventsLegend'), cell: eventNames },
          {
            header: t('admin.integrations.deliveries'),
            cell: (webhook) => <DeliveryLog webhook={webhook.id} of={webhook.url} />,
          },
          {
            header: t('admin.actions'),
            hiddenHeader: true,
            cell: (webhook) => (
              <button
                type="button"
                className="secondary small"
                aria-label={t('admin.integrations.removeWebhook', { url: webhook.url })}
                onClick={() => setRemoving(webhook)}
              >
                {t('admin.integrations.remove')}
              </button>
            ),
          },
        ]}
      />
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void add.run();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('admin.integrations.url')}</label>
          <input id={`${id}-url`} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <CheckboxGroup
          legend={t('admin.integrations.eventsLegend')}
          options={webhookEventSchema.options}
          chosen={events}
          onChange={setEvents}
          label={(event) => t(`admin.integrations.events.${event}`)}
        />
        <button type="submit" disabled={add.busy}>
          {t('admin.integrations.addWebhook')}
        </button>
      </form>
      {secret && (
        <p role="status" className="note">
          {t('admin.integrations.secretOnce')} <code data-testid="webhook-secret">{secret}</code>
        </p>
      )}
      <ErrorText message={add.error} />
      {removing && (
        <ConfirmRemove
          title={t('admin.integrations.confirmRemoveWebhook', { url: removing.url })}
          description={t('admin.integrations.confirmRemoveWebhookDetail')}
          confirm={t('admin.confirmRemoveButton', { name: removing.url })}
          onConfirm={async () => {
            await client.invoke('admin.integrations.removeWebhook', { params: { id: removing.id } });
            await webhooks.reload();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}

/** SI-12: tokens for the company's own systems, each with permissions the creator holds. */
export function ApiTokens(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const account = useAppStore((state) => state.account);
  const mine = account?.signedIn ? account.permissions : [];
  const tokens = useList(async () => (await client.invoke('admin.integrations.apiTokens', {})).tokens);
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<Permission[]>(['insights.view']);
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const create = useAction(async () => {
    setCreated((await client.invoke('admin.integrations.createApiToken', { body: { name, permissions } })).token);
    setName('');
    await tokens.reload();
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const permissionNames = (token: ApiToken) =>
    token.permissions.map((permission) => t(`admin.permission.${permission}`)).join(', ');

  return (
    <section aria-labelledby={`${id}-title`} className="subsection">
      <h3 id={`${id}-title`}>{t('admin.integrations.apiTokens')}</h3>
      <p className="hint">{t('admin.integrations.apiTokensHint')}</p>
      <EntityList
        label={t('admin.integrations.apiTokens')}
        items={tokens.items}
        error={tokens.error}
        rowKey={(token) => token.id}
        searchText={(token) => `${token.name} ${permissionNames(token)}`}
        empty={t('admin.integrations.noTokens')}
        rowTestId={(token) => `api-token-${token.name}`}
        columns={[
          { header: t('admin.integrations.tokenName'), cell: (token) => <strong>{token.name}</strong> },
          { header: t('admin.integrations.tokenPermissions'), cell: permissionNames },
          {
            header: t('admin.integrations.used'),
            cell: (token) =>
              token.lastUsedAt
                ? t('admin.integrations.lastUsed', { date: date.format(new Date(token.lastUsedAt)) })
                : t('admin.integrations.neverUsed'),
          },
          {
            header: t('admin.actions'),
            hiddenHeader: true,
            cell: (token) => (
              <button
                type="button"
                className="secondary small"
                aria-label={t('admin.integrations.revokeToken', { name: token.name })}
                onClick={() => setRevoking(token)}
              >
                {t('admin.integrations.revoke')}
              </button>
            ),
          },
        ]}
      />
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void create.run();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.integrations.tokenName')}</label>
          <input id={`${id}-name`} required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <CheckboxGroup
          legend={t('admin.integrations.tokenPermissions')}
          options={ALL_PERMISSIONS.filter((permission) => mine.includes(permission))}
          chosen={permissions}
          onChange={setPermissions}
          label={(permission) => t(`admin.permission.${permission}`)}
        />
        <button type="submit" disabled={create.busy}>
          {t('admin.integrations.createToken')}
        </button>
      </form>
      {created && (
        <p role="status" className="note">
          {t('admin.integrations.tokenOnce')} <code data-testid="api-token">{created}</code>
        </p>
      )}
      <ErrorText message={create.error} />
      {revoking && (
        <ConfirmRemove
          title={t('admin.integrations.confirmRevokeToken', { name: revoking.name })}
          description={t('admin.integrations.confirmRevokeTokenDetail')}
          confirm={t('admin.confirmRevokeButton', { name: revoking.name })}
          onConfirm={async () => {
            await client.invoke('admin.integrations.revokeApiToken', { params: { id: revoking.id } });
            await tokens.reload();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </section>
  );
}
