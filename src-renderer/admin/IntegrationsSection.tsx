import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_PERMISSIONS, type Permission } from '../../src-shared/domain/accounts';
import {
  sameInstance,
  summaryEventSchema,
  type ConnectorKind,
  type Delivery,
  type SummaryEvent,
} from '../../src-shared/domain/integrations';
import type { Response } from '../../src-shared/ipc/contract';
import { CheckboxGroup } from '../shell/CheckboxGroup';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

const EXAMPLE_URLS: Record<ConnectorKind, string> = {
  servicenow: 'https://example.service-now.com',
  salesforce: 'https://example.my.salesforce.com',
};

function useClient() {
  return useAppStore((state) => state.client)!;
}

/** A list from the endpoint, loaded once shown and again after each change. */
function useLoaded<T>(fetch: () => Promise<T>, initial: T) {
  const [value, setValue] = useState(initial);
  const reload = useCallback(async () => setValue(await fetch()), [fetch]);
  const load = useAction(reload);
  const { run } = load;
  useEffect(() => void run(), [run]);
  return { value, reload, error: load.error };
}

/** A webhook's or a connector's delivery log, loaded when opened. */
function DeliveryLog({ webhook, connector }: { webhook?: string; connector?: ConnectorKind }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const load = useAction(
    useCallback(async () => {
      const log = connector
        ? await client.invoke('admin.integrations.connectorDeliveries', { params: { kind: connector } })
        : await client.invoke('admin.integrations.webhookDeliveries', { params: { id: webhook! } });
      setDeliveries(log.deliveries);
    }, [client, webhook, connector]),
  );
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <details onToggle={(event) => (event.currentTarget.open ? void load.run() : undefined)}>
      <summary>{t('admin.integrations.log')}</summary>
      <ErrorText message={load.error} />
      {deliveries?.length === 0 && <p className="hint">{t('admin.integrations.logEmpty')}</p>}
      {deliveries && deliveries.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.integrations.when')}</th>
              <th scope="col">{t('admin.integrations.event')}</th>
              <th scope="col">{t('admin.integrations.status')}</th>
              <th scope="col">{t('admin.integrations.attempts')}</th>
              <th scope="col">{t('admin.integrations.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{date.format(new Date(delivery.createdAt))}</td>
                <td>
                  {t(`admin.integrations.events.${delivery.event}`)}
                  {delivery.ticket && ` · ${delivery.ticket}`}
                </td>
                <td data-testid="delivery-status">{t(`admin.integrations.statuses.${delivery.status}`)}</td>
                <td>{delivery.attempts}</td>
                <td>
                  {[delivery.lastStatus && `HTTP ${delivery.lastStatus}`, delivery.lastError]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

function Webhooks(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const {
    value: webhooks,
    reload,
    error: loadError,
  } = useLoaded(
    useCallback(async () => (await client.invoke('admin.integrations.webhooks', {})).webhooks, [client]),
    [],
  );
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<SummaryEvent[]>(['summary.created']);
  const [secret, setSecret] = useState<string | null>(null);
  const add = useAction(async () => {
    setSecret((await client.invoke('admin.integrations.addWebhook', { body: { url, events } })).secret);
    setUrl('');
    await reload();
  });
  const remove = useAction(async (webhookId: string) => {
    await client.invoke('admin.integrations.removeWebhook', { params: { id: webhookId } });
    await reload();
  });

  return (
    <section aria-labelledby={`${id}-title`} className="subsection">
      <h3 id={`${id}-title`}>{t('admin.integrations.webhooks')}</h3>
      <p className="hint">{t('admin.integrations.webhooksHint')}</p>
      {webhooks.length === 0 && <p className="hint">{t('admin.integrations.noWebhooks')}</p>}
      <ul className="plain-list">
        {webhooks.map((webhook) => (
          <li key={webhook.id}>
            <code>{webhook.url}</code> ·{' '}
            {webhook.events.map((event) => t(`admin.integrations.events.${event}`)).join(', ')}{' '}
            <button
              type="button"
              className="secondary small"
              aria-label={t('admin.integrations.removeWebhook', { url: webhook.url })}
              onClick={() => void remove.run(webhook.id)}
            >
              {t('admin.integrations.remove')}
            </button>
            <DeliveryLog webhook={webhook.id} />
          </li>
        ))}
      </ul>
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
          options={summaryEventSchema.options}
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
      <ErrorText message={loadError ?? add.error ?? remove.error} />
    </section>
  );
}

function Connector({
  status,
  onSaved,
}: {
  status: Response<'admin.integrations.connectors'>['connectors'][number];
  onSaved(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const kind: ConnectorKind = status.kind;
  const [enabled, setEnabled] = useState(status.enabled);
  const [instanceUrl, setInstanceUrl] = useState(status.instanceUrl ?? '');
  const [username, setUsername] = useState(status.username ?? '');
  const [secret, setSecret] = useState('');
  const [saved, setSaved] = useState(false);
  // The endpoint keeps a stored secret only for the instance it was entered for (it is never
  // sent to a new address), so a changed URL needs the password or token again.
  const keepsSecret = status.secretSet && sameInstance(instanceUrl, status.instanceUrl);
  const save = useAction(async () => {
    setSaved(false);
    const secretPart = secret ? (kind === 'servicenow' ? { password: secret } : { accessToken: secret }) : {};
    await (kind === 'servicenow'
      ? client.invoke('admin.integrations.setServiceNow', { body: { enabled, instanceUrl, username, ...secretPart } })
      : client.invoke('admin.integrations.setSalesforce', { body: { enabled, instanceUrl, ...secretPart } }));
    setSecret('');
    setSaved(true);
    onSaved();
  });
  return (
    <form
      className="connector"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <h4 id={`${id}-title`}>{t(`admin.integrations.${kind}`)}</h4>
      <p className="hint">{t(`admin.integrations.${kind}Hint`)}</p>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('admin.integrations.enabled')}
      </label>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t('admin.integrations.instanceUrl')}</label>
        <input
          id={`${id}-url`}
          type="url"
          required
          placeholder={EXAMPLE_URLS[kind]}
          value={instanceUrl}
          onChange={(e) => setInstanceUrl(e.target.value)}
        />
      </div>
      {kind === 'servicenow' && (
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('admin.integrations.username')}</label>
          <input id={`${id}-user`} required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-secret`}>
          {kind === 'servicenow' ? t('admin.integrations.password') : t('admin.integrations.accessToken')}
        </label>
        <input
          id={`${id}-secret`}
          type="password"
          autoComplete="off"
          required={!keepsSecret}
          aria-describedby={status.secretSet && !keepsSecret ? `${id}-secret-again` : undefined}
          value={secret}
          placeholder={keepsSecret ? t('admin.integrations.secretKept') : ''}
          onChange={(e) => setSecret(e.target.value)}
        />
        {status.secretSet && !keepsSecret && (
          <p id={`${id}-secret-again`} className="hint">
            {t('admin.integrations.secretAgain')}
          </p>
        )}
      </div>
      <button type="submit" disabled={save.busy}>
        {t('admin.integrations.save')}
      </button>
      {saved && (
        <p role="status" className="ok">
          {t('admin.integrations.saved')}
        </p>
      )}
      <ErrorText message={save.error} />
      {status.instanceUrl && <DeliveryLog connector={kind} />}
    </form>
  );
}

function Connectors(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const {
    value: connectors,
    reload,
    error,
  } = useLoaded<Response<'admin.integrations.connectors'>['connectors'] | null>(
    useCallback(async () => (await client.invoke('admin.integrations.connectors', {})).connectors, [client]),
    null,
  );
  return (
    <section aria-labelledby={`${id}-title`} className="subsection">
      <h3 id={`${id}-title`}>{t('admin.integrations.connectors')}</h3>
      <p className="hint">{t('admin.integrations.connectorsHint')}</p>
      <div className="connectors">
        {connectors?.map((status) => (
          <Connector key={status.kind} status={status} onSaved={() => void reload()} />
        ))}
      </div>
      <ErrorText message={error} />
    </section>
  );
}

function ApiTokens(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const account = useAppStore((state) => state.account);
  const mine = account?.signedIn ? account.permissions : [];
  const {
    value: tokens,
    reload,
    error: loadError,
  } = useLoaded(
    useCallback(async () => (await client.invoke('admin.integrations.apiTokens', {})).tokens, [client]),
    [],
  );
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<Permission[]>(['insights.view']);
  const [created, setCreated] = useState<string | null>(null);
  const create = useAction(async () => {
    setCreated((await client.invoke('admin.integrations.createApiToken', { body: { name, permissions } })).token);
    setName('');
    await reload();
  });
  const revoke = useAction(async (tokenId: string) => {
    await client.invoke('admin.integrations.revokeApiToken', { params: { id: tokenId } });
    await reload();
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });

  return (
    <section aria-labelledby={`${id}-title`} className="subsection">
      <h3 id={`${id}-title`}>{t('admin.integrations.apiTokens')}</h3>
      <p className="hint">{t('admin.integrations.apiTokensHint')}</p>
      {tokens.length === 0 && <p className="hint">{t('admin.integrations.noTokens')}</p>}
      <ul className="plain-list">
        {tokens.map((token) => (
          <li key={token.id}>
            <strong>{token.name}</strong> · {token.permissions.join(', ')} ·{' '}
            {token.lastUsedAt
              ? t('admin.integrations.lastUsed', { date: date.format(new Date(token.lastUsedAt)) })
              : t('admin.integrations.neverUsed')}{' '}
            <button
              type="button"
              className="secondary small"
              aria-label={t('admin.integrations.revokeToken', { name: token.name })}
              onClick={() => void revoke.run(token.id)}
            >
              {t('admin.integrations.revoke')}
            </button>
          </li>
        ))}
      </ul>
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
          label={(permission) => <code>{permission}</code>}
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
      <ErrorText message={loadError ?? create.error ?? revoke.error} />
    </section>
  );
}

/** SI-12: where summaries go besides Tandem — webhooks, ServiceNow, Salesforce, and the REST API's tokens. */
export function IntegrationsSection(): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={id} className="subsection">
      <h2 id={id}>{t('admin.integrations.title')}</h2>
      <Webhooks />
      <Connectors />
      <ApiTokens />
    </section>
  );
}
