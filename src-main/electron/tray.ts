import { Menu, Tray, nativeImage } from 'electron';
import type { MainStrings } from '../core/i18n/mainCatalog';

/** The tray keeps Tandem reachable (and the host online) while its window is closed. */
export function createTray(iconPath: string, strings: MainStrings, actions: { open(): void; quit(): void }): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip(strings.trayTooltip);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: strings.trayOpen, click: actions.open },
      { type: 'separator' },
      { label: strings.trayQuit, click: actions.quit },
    ]),
  );
  tray.on('click', actions.open);
  return tray;
}
