import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/appStore';
import { useVideoStore } from './videoStore';
import './video.css';

/**
 * VS-2 "at once": each new request the signed-in employee is responsible for, pushed by the feed,
 * as a notice over whatever screen is shown — device, reason, linked ticket — with *Open* (the
 * session's details, where it is confirmed) and *Dismiss*. `onOpen` shows the Video area.
 */
export function VideoNotices({
  onOpen,
  notify,
}: {
  onOpen(): void;
  /** The desktop notification's browser counterpart (the web console), if any; `open` shows the session. */
  notify?: (title: string, body: string, open: () => void) => void;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const notices = useVideoStore((state) => state.notices);
  const go = useVideoStore((state) => state.go);
  const dismiss = useVideoStore((state) => state.dismiss);
  // The desktop notification was clicked: its session, at once.
  const openSession = useEffectEvent((sessionId: string) => {
    go({ view: 'session', id: sessionId });
    onOpen();
  });
  useEffect(() => client?.on('videoFeed.open', ({ sessionId }) => openSession(sessionId)), [client]);
  useEffect(() => {
    if (!client) return;
    return useVideoStore
      .getState()
      .listen(
        client,
        notify &&
          ((session) =>
            notify(
              t('video.notice.title'),
              `${session.deviceName}: ${session.reason}${session.ticket ? ` (${session.ticket.title})` : ''}`,
              () => openSession(session.id),
            )),
      );
  }, [client]); // eslint-disable-line react-hooks/exhaustive-deps
  if (notices.length === 0) return null;
  return (
    <section className="video-notices" aria-label={t('video.notice.region')}>
      {notices.map((session) => (
        <div key={session.id} className="video-notice" role="alert" data-testid="video-notice">
          <h2>{t('video.notice.title')}</h2>
          <p>
            <strong>{session.deviceName}</strong>
            {session.customer && <span className="hint"> · {session.customer}</span>}
          </p>
          <p className="video-reason">{session.reason}</p>
          <p className="hint">
            {session.ticket ? t('video.notice.ticket', { title: session.ticket.title }) : t('video.notice.noTicket')}
          </p>
          <div className="modal-actions">
            <button
              type="button"
              aria-label={t('video.notice.openLabel', { device: session.deviceName })}
              onClick={() => {
                go({ view: 'session', id: session.id });
                onOpen();
              }}
            >
              {t('video.open')}
            </button>
            <button
              type="button"
              className="secondary"
              aria-label={t('video.notice.dismissLabel', { device: session.deviceName })}
              onClick={() => dismiss(session.id)}
            >
              {t('video.notice.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
