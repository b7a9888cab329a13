import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { ComputersFeedClient } from './computersFeed';

/** Computers: the window says when it shows the screen; the core keeps its list live. */
export function computersModule(
  services: Pick<CoreServices, 'cloud' | 'signaling' | 'account' | 'events' | 'log'>,
): CoreModule<'computers.watch' | 'computers.unwatch'> {
  const feed = new ComputersFeedClient(services);
  return {
    handlers: {
      'computers.watch': () => {
        feed.watch();
        return {};
      },
      'computers.unwatch': () => {
        feed.unwatch();
        return {};
      },
    },
    close: () => feed.unwatch(),
  };
}
