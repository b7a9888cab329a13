import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { mainStrings } from '../i18n/mainCatalog';
import { CallRelay } from './callRelay';
import { VideoFeedClient } from './videoFeedClient';

/**
 * A notice on the desktop, outside the window (Electron's `Notification`, `src-main/electron/`);
 * the core is plain Node and never imports Electron, so the desktop app hands it in.
 */
export interface DesktopNotifier {
  /** `onClick`: the person clicked it (the window is brought forward first). */
  show(notice: { title: string; body: string; onClick(): void }): void;
}

/**
 * Video sessions in the desktop core: the feed (VS-2), held while a user with a video permission is
 * signed in — a request the user is responsible for becomes a desktop notification at once —, and
 * the call sockets the window's calls need (VS-5).
 */
export function videoModule(
  services: Pick<CoreServices, 'cloud' | 'account' | 'events' | 'log' | 'settings'> & {
    notifier: DesktopNotifier | undefined;
  },
): CoreModule<'videoFeed.status' | 'videoCall.open' | 'videoCall.send' | 'videoCall.close'> & {
  feed: VideoFeedClient;
} {
  const feed = new VideoFeedClient(services, (session) => {
    const strings = mainStrings(services.settings.get().language);
    services.notifier?.show({
      title: strings.videoRequestedTitle,
      body: [
        `${session.deviceName}${session.customer ? ` (${session.customer})` : ''}: ${session.reason}`,
        ...(session.ticket ? [strings.videoRequestedTicket.replace('{ticket}', session.ticket.title)] : []),
      ].join('\n'),
      onClick: () => services.events.emit('videoFeed.open', { sessionId: session.id }),
    });
  });
  const calls = new CallRelay(services);
  return {
    feed,
    handlers: {
      'videoFeed.status': () => feed.state,
      'videoCall.open': () => calls.open(),
      'videoCall.send': ({ relayId, message }) => {
        calls.send(relayId, message);
        return {};
      },
      'videoCall.close': ({ relayId }) => {
        calls.close(relayId);
        return {};
      },
    },
    start: () => void feed.refresh(),
    close: () => {
      feed.close();
      calls.closeAll();
    },
  };
}
