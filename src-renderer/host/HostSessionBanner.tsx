import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import { useAction } from '../shell/useAction';
import { LoggingStatus } from '../session/LoggingStatus';
import { sessionActions } from '../session/sessionStore';
import { supporterLabel } from './SupporterIdentity';

/** RS-4: while a session runs, the host always sees who is connected and can end it at once. */
export function HostSessionBanner({ view }: { view: SessionView }): React.JSX.Element {
  const { t } = useTranslation();
  const end = useAction(async () => void (await sessionActions.end(view.requestId)));
  const toggle = useAction(
    async () => void (await sessionActions.setAccess(view.requestId, view.hostGrant === 'full' ? 'view' : 'full')),
  );
  const name = supporterLabel(view.partner);
  return (
    <div className="host-banner" role="region" aria-label={t('banner.connected', { name })}>
      <span className="host-banner-text" role="status">
        {view.state === 'active' ? t('banner.connected', { name }) : t('banner.connecting', { name })} ·{' '}
        {view.partner.verified ? t('banner.verified') : t('banner.unverified')} ·{' '}
        <strong>{view.access === 'full' ? t('banner.full') : t('banner.view')}</strong>
      </span>
      <button type="button" className="secondary on-dark" disabled={toggle.busy} onClick={() => void toggle.run()}>
        {view.hostGrant === 'full' ? t('banner.revoke') : t('banner.grant')}
      </button>
      <button type="button" className="danger" disabled={end.busy} onClick={() => void end.run()}>
        {t('banner.end')}
      </button>
      <LoggingStatus view={view} />
    </div>
  );
}
