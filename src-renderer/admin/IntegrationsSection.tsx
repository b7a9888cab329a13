import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sameInstance, type ConnectorKind } from '../../src-shared/domain/integrations';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { DeliveryLog } from './DeliveryLog';
import { ApiTokens, Webhooks } from './IntegrationLists';
import { useClient } from './useList';

const EXAMPLE_URLS: Record<ConnectorKind, string> = {
  servicenow: 'https://example.service-now.com',
  salesforce: 'https://example.my.salesforce.com',
};

/** A list from the endpoint, loaded once shown and again after each change. */
function useLoaded<T>(fetch: () => Promise<T>, initial: T) {
  const [value, setValue] = useState(initial);
  const reload = useCallback(async () => setValue(await fetch()), [fetch]);
  const load = useAction(reload);
  const { run } = load;
  useEffect(() => void run(), [run]);
  return { value, reload, error: load.error };
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
        {t('admin.integrations.enabledFor', { name: t(`admin.integrations.${kind}`) })}
      </label>
      <div className="field">
        <label htmlFor={`${id}-url`}>
          {t('admin.integrations.instanceUrlOf', { name: t(`admin.integrations.${kind}`) })}
        </label>
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
        {t('admin.integrations.saveOf', { name: t(`admin.integrations.${kind}`) })}
      </button>
      {saved && (
        <p role="status" className="ok">
          {t('admin.integrations.saved')}
        </p>
      )}
      <ErrorText message={save.error} />
      {status.instanceUrl && <DeliveryLog connector={kind} of={t(`admin.integrations.${kind}`)} />}
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

/** SI-12: where summaries go besides Tandem — webhooks, ServiceNow, Salesforce, and the REST API's tokens. */
export function IntegrationsSection(): React.JSX.Element {
  return (
    <>
      <Webhooks />
      <Connectors />
      <ApiTokens />
    </>
  );
}
