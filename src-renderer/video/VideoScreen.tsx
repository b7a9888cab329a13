import { useTranslation } from 'react-i18next';
import { DeviceDetails } from './DeviceDetails';
import { DevicesList } from './DevicesList';
import { SessionDetails } from './SessionDetails';
import { SessionsList } from './SessionsList';
import { TicketConversation } from './TicketConversation';
import { TicketsList } from './TicketsList';
import { VideoSettingsView } from './VideoSettingsView';
import { useVideoUser } from './videoParts';
import { useVideoStore, type VideoPlace } from './videoStore';
import './video.css';

type Tab = 'sessions' | 'tickets' | 'devices' | 'settings';
const TAB_OF: Record<VideoPlace['view'], Tab> = {
  sessions: 'sessions',
  session: 'sessions',
  tickets: 'tickets',
  ticket: 'tickets',
  devices: 'devices',
  device: 'devices',
  settings: 'settings',
};

/**
 * Video sessions' back office (issue 16, item 8) in the desktop app and the web console: the
 * sessions, the tickets (`video.view`), the devices with codes and the company's rules
 * (`video.manage`), each list leading to its details. The feed keeps what is shown live.
 */
export function VideoScreen({ children }: { children?: React.ReactNode }): React.JSX.Element {
  const { t } = useTranslation();
  const place = useVideoStore((state) => state.place);
  const go = useVideoStore((state) => state.go);
  const feed = useVideoStore((state) => state.feed);
  const { views, manages } = useVideoUser();
  const tabs: Tab[] = [
    'sessions',
    ...(views ? (['tickets'] as const) : []),
    ...(manages ? (['devices', 'settings'] as const) : []),
  ];
  const tab = TAB_OF[place.view];
  const shown: VideoPlace = tabs.includes(tab) ? place : { view: 'sessions' };

  return (
    <section aria-labelledby="video-title" className="video">
      <h1 id="video-title" tabIndex={-1}>
        {t('video.title')}
      </h1>
      <p className="lead">{t('video.lead')}</p>
      {children}
      {feed.state === 'offline' && (
        <p className="note video-feed-note" role="status">
          {t('video.feedOffline')}
        </p>
      )}
      <nav className="video-tabs" aria-label={t('video.sections')}>
        <ul>
          {tabs.map((each) => (
            <li key={each}>
              <button
                type="button"
                aria-current={each === TAB_OF[shown.view] ? 'page' : undefined}
                onClick={() => go({ view: each })}
              >
                {t(`video.tabs.${each}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {shown !== place && <p className="hint">{t('video.notPermittedBody')}</p>}
      {shown.view !== 'sessions' &&
        shown.view !== 'tickets' &&
        shown.view !== 'devices' &&
        shown.view !== 'settings' && (
          <button type="button" className="link video-back" onClick={() => go({ view: TAB_OF[shown.view] })}>
            {t(`video.back.${TAB_OF[shown.view]}`)}
          </button>
        )}
      {(() => {
        switch (shown.view) {
          case 'sessions':
            return <SessionsList />;
          case 'session':
            return <SessionDetails key={shown.id} id={shown.id} />;
          case 'tickets':
            return <TicketsList />;
          case 'ticket':
            return <TicketConversation key={shown.id} id={shown.id} />;
          case 'devices':
            return <DevicesList />;
          case 'device':
            return <DeviceDetails key={shown.id} id={shown.id} />;
          case 'settings':
            return <VideoSettingsView />;
        }
      })()}
    </section>
  );
}
