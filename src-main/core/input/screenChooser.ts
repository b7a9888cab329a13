import type { ScreenSource } from '../../../src-shared/domain/session';
import type { DisplayBounds } from './robotInjector';

/**
 * RS-5: which monitor the host shares. The Electron shell implements it with desktopCapturer;
 * the chosen monitor's bounds are also where remote pointer fractions land (RS-6).
 */
export interface ScreenChooser {
  list(): Promise<ScreenSource[]>;
  /** Shares this monitor from now on; throws `screen_unknown` when it is not connected. */
  choose(id: string): Promise<void>;
  /** The monitor handed out last (or chosen), null before any. */
  current(): string | null;
  /** The chosen (or primary) monitor, in the coordinates input injection uses. */
  bounds(): DisplayBounds | null;
}
