import { desktopCapturer, screen, session, type DesktopCapturerSource, type Display } from 'electron';
import type { ScreenSource } from '../../src-shared/domain/session';
import { TandemError } from '../../src-shared/errors';
import type { DisplayBounds } from '../core/input/robotInjector';
import type { ScreenChooser } from '../core/input/screenChooser';

/**
 * RS-5 in Electron: the end user picks a monitor in Tandem's own UI; getDisplayMedia in the
 * renderer then receives exactly that monitor through setDisplayMediaRequestHandler, and remote
 * pointer positions are mapped into its bounds. Switching during a session (`choose`) moves the
 * bounds at once; the renderer then captures that source by id (getUserMedia, chromeMediaSource
 * 'desktop'), which needs no new user gesture.
 */
export function createScreenChooser(): ScreenChooser & { install(): void } {
  let chosenId: string | null = null;
  /** What the renderer captures now: the handler's pick, or a switch during the session (RS-5). */
  let sharedId: string | null = null;
  let chosenBounds: DisplayBounds | null = null;

  const sources = () => desktopCapturer.getSources({ types: ['screen'], thumbnailSize: { width: 0, height: 0 } });
  const displayOf = (source: DesktopCapturerSource): Display =>
    screen.getAllDisplays().find((display) => String(display.id) === source.display_id) ?? screen.getPrimaryDisplay();
  // robotjs moves the pointer in physical pixels on Windows, in the display's points elsewhere.
  const boundsOf = (display: Display): DisplayBounds =>
    process.platform === 'win32' ? screen.dipToScreenRect(null, display.bounds) : display.bounds;
  const pick = (all: DesktopCapturerSource[]) =>
    all.find((source) => source.id === chosenId) ??
    all.find((source) => displayOf(source).id === screen.getPrimaryDisplay().id) ??
    all[0];

  return {
    async list(): Promise<ScreenSource[]> {
      const primary = screen.getPrimaryDisplay().id;
      return (await sources()).map((source) => {
        const display = displayOf(source);
        return {
          id: source.id,
          name: source.name,
          primary: display.id === primary,
          width: display.size.width,
          height: display.size.height,
        };
      });
    },
    async choose(id) {
      const source = (await sources()).find((candidate) => candidate.id === id);
      if (!source) throw new TandemError('screen_unknown', 'That screen is no longer connected.');
      chosenId = id;
      sharedId = id;
      chosenBounds = boundsOf(displayOf(source));
    },
    current: () => sharedId,
    bounds: () => chosenBounds ?? boundsOf(screen.getPrimaryDisplay()),
    install() {
      session.defaultSession.setDisplayMediaRequestHandler((_request, callback) => {
        void sources().then((all) => {
          const source = pick(all);
          if (!source) return callback({});
          chosenBounds = boundsOf(displayOf(source));
          sharedId = source.id;
          callback({ video: source });
        });
      });
    },
  };
}
