import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { LiveViewEvents } from './LiveViewEvents';
import { useClient } from './useList';

/** The company's consent audit trails, as verified by the cloud endpoint. */
export function AuditSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const [devices, setDevices] = useState<Response<'admin.audit'>['devices'] | null>(null);
  const load = useAction(async () => setDevices((await client.invoke('admin.audit', {})).devices));
  useEffect(() => {
    void load.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, []);
  const withEntries = devices?.filter((device) => device.entries.length > 0) ?? [];
  return (
    <>
      <p className="hint">{t('admin.auditHint')}</p>
      {devices && withEntries.length === 0 && <p className="hint">{t('admin.auditEmpty')}</p>}
      <ul>
        {withEntries.map((device) => (
          <li key={device.deviceId} className={device.intact ? 'ok' : 'error'}>
            {t('admin.auditDevice', {
              id: device.deviceId,
              count: device.entries.length,
              state: device.intact ? t('admin.intact') : t('admin.broken'),
            })}
          </li>
        ))}
      </ul>
      {withEntries.length > 0 && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const link = document.createElement('a');
            link.href = URL.createObjectURL(new Blob([JSON.stringify(devices, null, 2)], { type: 'application/json' }));
            link.download = 'tandem-company-consent-audit.json';
            link.click();
            URL.revokeObjectURL(link.href);
          }}
        >
          {t('settings.auditExport')}
        </button>
      )}
      <ErrorText message={load.error} />
      <LiveViewEvents />
    </>
  );
}
