import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../src-shared/ipc/contract';
import { useAppStore } from '../store/appStore';

/** SI-5 accountability: every consent decision on this computer, verified and exportable. */
export function ConsentAuditSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const [audit, setAudit] = useState<Response<'consent.audit'> | null>(null);
  useEffect(() => {
    void client?.invoke('consent.audit', {}).then(setAudit, () => setAudit(null));
  }, [client]);

  const exportFile = () => {
    if (!audit) return;
    const blob = new Blob([JSON.stringify(audit, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'tandem-consent-audit.json';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <>
      <h2>{t('settings.audit')}</h2>
      <p className="hint">{t('settings.auditHint')}</p>
      {audit && (
        <p role="status" data-testid="audit-status" className={audit.intact ? 'ok' : 'error'}>
          {t('settings.auditCount', { count: audit.entries.length })} ·{' '}
          {audit.intact ? t('settings.auditIntact') : t('settings.auditBroken', { problem: audit.problem ?? '' })}
        </p>
      )}
      <button type="button" className="secondary" disabled={!audit || audit.entries.length === 0} onClick={exportFile}>
        {t('settings.auditExport')}
      </button>
    </>
  );
}
