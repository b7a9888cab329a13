import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { LiveViewFeedClient } from './liveViewFeed';

/** LV-1: the supporter's Live View: the window says when it shows it; the core keeps it live. */
export function liveViewFeedModule(
  services: Pick<CoreServices, 'cloud' | 'signaling' | 'account' | 'events' | 'log'>,
): CoreModule<'liveView.open' | 'liveView.close'> {
  const feed = new LiveViewFeedClient(services);
  return {
    handlers: {
      'liveView.open': () => feed.open(),
      'liveView.close': () => {
        feed.close();
        return {};
      },
    },
    close: () => feed.close(),
  };
}
