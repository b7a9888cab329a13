import type { UpdateStatus } from '../../../src-shared/domain/updates';
import { TandemError } from '../../../src-shared/errors';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { resolveManaged } from '../managed/managedConfig';
import type { Updater } from './updater';

/** DP-3: the desktop app's updates, on the channel IT chose; browser mode has no updater. */
export function updatesModule(
  options: Pick<CoreServices, 'managed' | 'events'> & { updater: Updater | undefined },
): CoreModule<'update.status' | 'update.install'> {
  const { updater, managed } = options;
  /** The updater's state, with IT's channel and whether users may postpone. */
  const updateStatus = (): UpdateStatus => {
    const channel = resolveManaged('updateChannel', managed, null, 'stable').value;
    const canPostpone = resolveManaged('allowUpdatePostpone', managed, null, true).value;
    if (!updater)
      return { state: 'unsupported', channel, version: null, releaseNotes: null, canPostpone, message: null };
    return { ...updater.status(), channel, canPostpone };
  };
  updater?.onChange(() => options.events.emit('update.changed', updateStatus()));
  return {
    handlers: {
      'update.status': () => updateStatus(),
      'update.install': () => {
        if (updateStatus().state !== 'ready' || !updater)
          throw new TandemError('invalid_request', 'No verified update is ready to install.');
        updater.install();
        return {};
      },
    },
  };
}
