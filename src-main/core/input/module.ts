import { TandemError } from '../../../src-shared/errors';
import type { CoreModule } from '../ipc/coreModule';
import type { ScreenChooser } from './screenChooser';

/** RS-5: which monitor the host shares; browser mode has none and uses the browser's own picker. */
export function screensModule({
  screens,
}: {
  screens: ScreenChooser | undefined;
}): CoreModule<'screens.list' | 'screens.choose'> {
  return {
    handlers: {
      'screens.list': () => screens?.list() ?? [],
      'screens.choose': async ({ id }) => {
        if (!screens) throw new TandemError('invalid_request', 'This Tandem uses the browser’s own screen picker.');
        await screens.choose(id);
        return {};
      },
    },
  };
}
