import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../src-shared/domain/summarySync';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/** SI-14: where sync with the company's cloud endpoint stands, and a way to run it now. */
export function SyncStatusBar(): React.JSX.Element | null {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    if (!client) return;
    void client.invoke('insights.syncStatus', {}).then(setStatus, () => setStatus(null));
    return client.on('insights.sync', setStatus);
  }, [client]);
  const syncNow = useAction(async () => {
    if (client) setStatus(await client.invoke('insights.syncNow', {}));
  });
  if (!status) return null;

  return (
    <div className="sync-status" data-testid="sync-status">
      <p role="status" className={status.state === 'error' ? 'note error' : 'hint'}>
        {t(`insights.sync.${status.state}`, { count: status.pending })}
        {status.conflicts > 0 && ` · ${t('insights.sync.conflicts', { count: status.conflicts })}`}
      </p>
      {status.state !== 'signed_out' && (
        <button type="button" disabled={syncNow.busy} onClick={() => void syncNow.run()}>
          {syncNow.busy ? t('insights.sync.running') : t('insights.sync.now')}
        </button>
      )}
      <ErrorText message={syncNow.error} />
    </div>
  );
}
