import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import { useAction } from '../shell/useAction';
import { sessionActions } from './sessionStore';

/** SI-5: both sides always see whether the session is logged for Session Insights, and why. */
export function LoggingStatus({ view }: { view: SessionView }): React.JSX.Element | null {
  const { t } = useTranslation();
  const withdraw = useAction(async () => void (await sessionActions.withdrawConsent(view.requestId)));
  const consent = view.consent;
  if (!consent) return null;
  const { decision } = consent;
  // The end user reads about their own computer and answer ("you"); the supporter about theirs.
  const yours = view.role === 'host';
  const headline = decision.log
    ? t('consent.statusLogged')
    : decision.prompt
      ? t(yours ? 'consent.statusAskingYou' : 'consent.statusAsking')
      : t('consent.statusNotLogged');
  return (
    <div className={`logging-status ${decision.log ? 'on' : 'off'}`} role="status" data-testid="logging-status">
      <strong>{headline}</strong> ·{' '}
      <span>{t(yours ? `consent.reasonYou.${decision.reason}` : `consent.reason.${decision.reason}`)}</span>
      {view.role === 'host' && decision.log && decision.optOut && (
        <button
          type="button"
          className="secondary small on-dark"
          disabled={withdraw.busy}
          onClick={() => void withdraw.run()}
        >
          {t('consent.withdraw')}
        </button>
      )}
    </div>
  );
}
