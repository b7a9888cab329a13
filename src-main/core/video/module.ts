import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { mainStrings } from '../i18n/mainCatalog';
import { VideoFeedClient } from './videoFeedClient';

/**
 * A notice on the desktop, outside the window (Electron's `Notification`, `src-main/electron/`);
 * the core is plain Node and never imports Electron, so the desktop app hands it in.
 */
export interface DesktopNotifier {
  show(notice: { title: string; body: string }): void;
}

/**
 * Video sessions in the desktop core (VS-2): the feed, held while a user with a video permission is
 * signed in; a request the user is responsible for becomes a desktop notification at once.
 */
export function videoModule(
  services: Pick<CoreServices, 'cloud' | 'account' | 'events' | 'log' | 'settings'> & {
    notifier: DesktopNotifier | undefined;
  },
): CoreModule<'videoFeed.status'> & { feed: VideoFeedClient } {
  const feed = new VideoFeedClient(services, (session) => {
    const strings = mainStrings(services.settings.get().language);
    services.notifier?.show({
      title: strings.videoRequestedTitle,
      body: [
        `${session.deviceName}${session.customer ? ` (${session.customer})` : ''}: ${session.reason}`,
        ...(session.ticket ? [strings.videoRequestedTicket.replace('{ticket}', session.ticket.title)] : []),
      ].join('\n'),
    });
  });
  return {
    feed,
    handlers: { 'videoFeed.status': () => feed.state },
    start: () => void feed.refresh(),
    close: () => feed.close(),
  };
}
