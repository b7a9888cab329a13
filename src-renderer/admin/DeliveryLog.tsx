import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectorKind, Delivery } from '../../src-shared/domain/integrations';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useClient } from './useList';

/** A webhook's or a connector's delivery log, loaded when opened. */
export function DeliveryLog({
  webhook,
  connector,
  of,
}: {
  webhook?: string;
  connector?: ConnectorKind;
  /** What the log belongs to, in its accessible name (each log's disclosure is named apart). */
  of: string;
}): React.JSX.Element {
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
      <summary aria-label={t('admin.integrations.logOf', { name: of })}>{t('admin.integrations.log')}</summary>
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
