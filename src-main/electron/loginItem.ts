import type { App } from 'electron';

/** Windows starts Tandem at sign-in with this argument; it then stays in the tray, without a window. */
export const AT_LOGIN_ARG = '--at-login';

type LoginItems = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;

/**
 * RS-1: makes the OS start Tandem when the user signs in, or stop doing so (the core's
 * `settings.startAtLogin`). Windows keeps a Run entry with AT_LOGIN_ARG, macOS a login item; other
 * systems have no login items in Electron. Changed only when it differs, so the user's own switch
 * in the OS's startup list is not rewritten at every start.
 */
export function applyStartAtLogin(app: LoginItems, platform: NodeJS.Platform, on: boolean): void {
  if (platform === 'win32') {
    if (app.getLoginItemSettings({ args: [AT_LOGIN_ARG] }).openAtLogin !== on)
      app.setLoginItemSettings({ openAtLogin: on, args: [AT_LOGIN_ARG] });
  } else if (platform === 'darwin') {
    if (app.getLoginItemSettings().openAtLogin !== on) app.setLoginItemSettings({ openAtLogin: on });
  }
}

/** Started by the user's sign-in: Tandem waits in the tray instead of opening its window. */
export function startedAtLogin(
  app: Pick<App, 'getLoginItemSettings'>,
  platform: NodeJS.Platform,
  argv: readonly string[],
): boolean {
  if (platform === 'win32') return argv.includes(AT_LOGIN_ARG);
  if (platform === 'darwin') return app.getLoginItemSettings().wasOpenedAtLogin === true;
  return false;
}
