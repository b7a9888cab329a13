import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../src-shared/domain/updates';
import { useAppStore } from '../store/appStore';
import { ErrorText } from './ErrorText';
import { useAction } from './useAction';

/** DP-3: a downloaded, verified update — what changed, restart now, or later where IT allows it. */
export function UpdateBanner(): React.JSX.Element | null {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [later, setLater] = useState(false);
  useEffect(() => {
    if (!client) return;
    void client.invoke('update.status', {}).then(setStatus, () => setStatus(null));
    return client.on('update.changed', setStatus);
  }, [client]);
  const install = useAction(async () => {
    await client?.invoke('update.install', {});
  });
  if (!status || later) return null;
  if (status.state === 'refused')
    return (
      <p className="error banner-error" role="alert">
        {t('update.refused', { version: status.version ?? '' })}
      </p>
    );
  if (status.state !== 'ready') return null;
  return (
    <section className="update-banner" role="region" aria-label={t('update.title')}>
      <p>
        <strong>{t('update.ready', { version: status.version ?? '' })}</strong>
      </p>
      {status.releaseNotes && (
        <details>
          <summary>{t('update.whatChanged')}</summary>
          <p className="release-notes">{status.releaseNotes}</p>
        </details>
      )}
      {!status.canPostpone && <p className="hint">{t('update.required')}</p>}
      <div className="modal-actions">
        <button type="button" disabled={install.busy} onClick={() => void install.run()}>
          {t('update.restart')}
        </button>
        {status.canPostpone && (
          <button type="button" className="secondary" onClick={() => setLater(true)}>
            {t('update.later')}
          </button>
        )}
      </div>
      <ErrorText message={install.error} />
    </section>
  );
}
