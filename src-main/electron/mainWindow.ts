import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { isTrustedUrl } from './securityPolicy';

export function createMainWindow(options: {
  url: string;
  preload: string;
  trustedOrigins: readonly string[];
}): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Tandem',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !process.env.TANDEM_DISABLE_DEVTOOLS,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}

/**
 * Applied to every web contents Tandem creates: no navigation away from the app, no new
 * windows (http(s) links open in the user's browser instead), no <webview>.
 */
export function lockDownWebContents(contents: Electron.WebContents, trustedOrigins: readonly string[]): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, trustedOrigins)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, trustedOrigins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export const preloadPath = (): string => join(__dirname, '..', 'preload', 'index.cjs');
