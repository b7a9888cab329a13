import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import { partnerLabel } from './partnerLabel';
import { SessionPanel } from './SessionPanel';
import { useSessionStore } from './sessionStore';

/**
 * After a session: who ended it, and its chat and files — a received file stays saveable until
 * the person closes this, on either side.
 */
export function SessionEnded({ view, onClose }: { view: SessionView; onClose(): void }): React.JSX.Element {
  const { t } = useTranslation();
  const received = useSessionStore((state) =>
    Object.values(state.transfers).some(
      (transfer) => transfer.requestId === view.requestId && transfer.direction === 'in' && transfer.url,
    ),
  );
  const name = partnerLabel(view.partner);
  const mine = view.role === 'host' ? 'ended_by_host' : 'ended_by_supporter';
  const theirs = view.role === 'host' ? 'ended_by_supporter' : 'ended_by_host';
  const sentence =
    view.endReason === mine
      ? t('session.endedCard.byYou', { name })
      : view.endReason === theirs
        ? t('session.endedCard.byPartner', { name })
        : view.endReason === 'connection_lost'
          ? t('session.endedCard.lost', { name })
          : t('session.endedCard.other', { name });
  return (
    <section className="session-ended" aria-label={t('session.endedCard.title')} data-testid="session-ended">
      <header className="session-ended-header">
        <h2>{t('session.endedCard.title')}</h2>
        <p role="status">{sentence}</p>
        {received && <p className="hint">{t('session.endedCard.filesKept')}</p>}
        <button type="button" className="secondary" onClick={onClose}>
          {t('session.endedCard.close')}
        </button>
      </header>
      <SessionPanel view={view} />
    </section>
  );
}
