import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyMembershipView } from '../../src-shared/domain/managedConfig';
import { ErrorText } from '../shell/ErrorText';
import { errorMessage, useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/**
 * AC-2, DP-2: which company this computer belongs to and how it joined. It joins only through
 * what it presents itself: IT's enrolment token (managed) or the signed-in user adding it here
 * (unmanaged, and it may leave again here). What became of IT's token is said, never swallowed.
 */
export function CompanySection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const account = useAppStore((state) => state.account);
  const [view, setView] = useState<CompanyMembershipView | null>(null);
  const load = useAction(async () => setView(await client!.invoke('company.membership', {})));
  const join = useAction(async () => setView(await client!.invoke('company.join', {})));
  const leave = useAction(async () => setView(await client!.invoke('company.leave', {})));
  useEffect(() => {
    if (!client) return;
    void load.run();
    return client.on('company.changed', setView);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per client
  }, [client]);

  const enrollment = view?.enrollment;
  return (
    <>
      <h2>{t('company.title')}</h2>
      <div className="settings-form">
        <p role="status" data-testid="company-membership">
          {!view
            ? t('status.connecting')
            : view.companyName
              ? view.managed
                ? t('company.managedMember', { company: view.companyName, token: view.joinedVia ?? '' })
                : t('company.member', { company: view.companyName, email: view.joinedVia ?? '' })
              : t('company.none')}
        </p>
        {enrollment && enrollment.state !== 'not_configured' && (
          <p
            role="status"
            data-testid="enrollment-status"
            className={enrollment.state === 'failed' ? 'error' : enrollment.state === 'enrolled' ? 'ok' : undefined}
          >
            {enrollment.state === 'pending' && t('company.enrollmentPending')}
            {enrollment.state === 'enrolled' && t('company.enrolled', { company: enrollment.companyName })}
            {enrollment.state === 'failed' &&
              t('company.enrollmentFailed', { reason: errorMessage(t, enrollment.code) })}
          </p>
        )}
        {view && !view.companyName && !account?.signedIn && <p className="hint">{t('company.howToJoin')}</p>}
        {view && !view.companyName && account?.signedIn && (
          <button type="button" className="secondary" disabled={join.busy} onClick={() => void join.run()}>
            {t('company.join', { company: account.companyName })}
          </button>
        )}
        {view?.companyName && !view.managed && (
          <button type="button" className="secondary" disabled={leave.busy} onClick={() => void leave.run()}>
            {t('company.leave', { company: view.companyName })}
          </button>
        )}
        <ErrorText message={load.error ?? join.error ?? leave.error} />
      </div>
    </>
  );
}
