import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Credits } from '../../src-shared/domain/accounts';
import { useAppStore } from '../store/appStore';

/** SI-11: the AI-credit balance, at the top right of the AI settings. */
export function CreditBalance(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const [credits, setCredits] = useState<Credits | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void client?.invoke('admin.credits', {}).then(setCredits, () => setFailed(true));
  }, [client]);
  return (
    <p className="credits" data-testid="ai-credits" role="status">
      {t('admin.credits')}:{' '}
      {credits ? (
        <strong>{t('admin.creditsBalance', { count: credits.balance, plan: t(`admin.plan.${credits.plan}`) })}</strong>
      ) : (
        <span className="hint">{failed ? t('admin.creditsUnavailable') : t('status.connecting')}</span>
      )}
    </p>
  );
}
