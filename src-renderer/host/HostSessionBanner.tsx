import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { LoggingStatus } from '../session/LoggingStatus';
import { ScreenMenu } from '../session/ScreenMenu';
import { sessionActions } from '../session/sessionStore';
import { supporterLabel } from './SupporterIdentity';

/**
 * RS-4: while a session runs, the host always sees who is connected and can end it at once.
 * RS-5: and can show the supporter another screen — from their monitors (Electron), or through
 * the browser's picker, which needs this click (browser mode).
 */
export function HostSessionBanner({ view }: { view: SessionView }): React.JSX.Element {
  const { t } = useTranslation();
  const [shareError, setShareError] = useState<string | null>(null);
  const end = useAction(async () => void (await sessionActions.end(view.requestId)));
  const toggle = useAction(
    async () => void (await sessionActions.setAccess(view.requestId, view.hostGrant === 'full' ? 'view' : 'full')),
  );
  const share = useAction(async () => {
    setShareError(null);
    try {
      await sessionActions.shareAnotherScreen(view.requestId);
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'NotAllowedError';
      setShareError(
        cancelled ? t('banner.shareCancelled') : t('banner.shareFailed', { reason: (error as Error).message }),
      );
    }
  });
  const name = supporterLabel(view.partner);
  const browserPicker = view.state === 'active' && view.screens.sources.length === 0;
  return (
    <div className="host-banner" role="region" aria-label={t('banner.connected', { name })}>
      <span className="host-banner-text" role="status">
        {view.state === 'active' ? t('banner.connected', { name }) : t('banner.connecting', { name })} ·{' '}
        {view.partner.verified ? t('banner.verified') : t('banner.unverified')} ·{' '}
        <strong>{view.access === 'full' ? t('banner.full') : t('banner.view')}</strong>
      </span>
      {view.state === 'active' && <ScreenMenu view={view} buttonClass="secondary on-dark" />}
      {browserPicker && (
        <button type="button" className="secondary on-dark" disabled={share.busy} onClick={() => void share.run()}>
          {t('banner.shareAnother')}
        </button>
      )}
      <button type="button" className="secondary on-dark" disabled={toggle.busy} onClick={() => void toggle.run()}>
        {view.hostGrant === 'full' ? t('banner.revoke') : t('banner.grant')}
      </button>
      <button type="button" className="danger" disabled={end.busy} onClick={() => void end.run()}>
        {t('banner.end')}
      </button>
      <ErrorText message={shareError} />
      <LoggingStatus view={view} />
    </div>
  );
}
