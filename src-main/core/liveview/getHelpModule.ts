import { join } from 'node:path';
import type { QuickSupportModule } from '../../../src-shared/domain/accounts';
import type { CoreServices } from '../coreServices';
import { nativeForegroundProbe, type ForegroundProbe } from '../insights/foregroundWatcher';
import type { CoreModule } from '../ipc/coreModule';
import { resolveManaged } from '../managed/managedConfig';
import { currentPresence, type WindowActivity } from './helpPresence';
import { HelpRequest, wishFile } from './helpRequest';

/** The end user's request for help, kept beside the database while they want help. */
const WISH_FILE = 'help-request.json';

/** LV-4 *Keep session*: IT's enforced choice, then the user's, then IT's default, then off. */
export function keepHelpSession(options: Pick<CoreServices, 'settings' | 'managed'>) {
  return resolveManaged('keepHelpSession', options.managed, options.settings.get().keepHelpSession, false);
}

/**
 * LV-1 … LV-4 on the end user's computer: *Get help* opens a help session the company's supporters
 * see in their Live View, with this computer's presence, until the end user stops (or, without
 * *Keep session*, Tandem closes). Connecting to it is the session feature's part.
 */
export function getHelpModule(
  options: Pick<CoreServices, 'cloud' | 'events' | 'settings' | 'account' | 'managed' | 'log'> & {
    dataDir: string;
    /** AC-3: the QuickSupport module this host runs, once loaded. */
    quickSupportModule: () => QuickSupportModule | null;
    /** Reads the application in front; undefined: the native addon's, null: none. */
    foregroundProbe: ForegroundProbe | null | undefined;
  },
): CoreModule<'getHelp.status' | 'getHelp.start' | 'getHelp.stop' | 'getHelp.activity' | 'getHelp.keepSession'> & {
  helpRequest: HelpRequest;
} {
  const { events, account, managed } = options;
  const foreground = options.foregroundProbe === undefined ? nativeForegroundProbe() : options.foregroundProbe;
  // Until the window says otherwise, nobody is at it.
  let activity: WindowActivity = { focused: false, lastInputAt: null };
  const tags = () => {
    const user = account.lastKnown();
    const module = options.quickSupportModule();
    return [...(user ? [user.name, user.email] : []), ...(module ? [module.name] : []), ...(managed.tags ?? [])];
  };
  const helpRequest = new HelpRequest({
    cloud: options.cloud,
    presence: (yourName) => currentPresence({ foreground, tags, now: Date.now }, activity, yourName),
    wishes: wishFile(join(options.dataDir, WISH_FILE)),
    keepSession: () => keepHelpSession(options).value,
    onChange: (state) => events.emit('getHelp.changed', state),
    log: options.log,
  });
  return {
    helpRequest,
    handlers: {
      'getHelp.status': () => helpRequest.state,
      'getHelp.start': ({ acknowledgement, yourName }) => {
        // The end user just clicked in the window: they are at it.
        activity = { focused: true, lastInputAt: Date.now() };
        return helpRequest.start({ acknowledgement, yourName: yourName || null });
      },
      'getHelp.stop': () => helpRequest.stop(),
      'getHelp.activity': ({ focused, lastInputAt }) => {
        activity = { focused, lastInputAt: lastInputAt === null ? null : Date.parse(lastInputAt) };
        helpRequest.presenceMayHaveChanged();
        return {};
      },
      'getHelp.keepSession': () => {
        const keep = keepHelpSession(options);
        return { on: keep.value, lockedByIt: keep.locked };
      },
    },
    registered: () => void helpRequest.resume(),
    close: () => helpRequest.close(),
  };
}
