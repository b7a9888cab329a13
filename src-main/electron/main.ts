import { app, dialog, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { startServer } from '../../server/app';
import { bootCore, type BootedCore } from '../core/boot';
import { readManagedConfig, startupChoices } from '../core/managed/managedConfig';
import { createUpdater } from './updater';
import { mainStrings } from '../core/i18n/mainCatalog';
import { createLogger } from '../core/logger';
import { rendererSource } from '../core/security/rendererSource';
import { APP_VERSION } from '../core/version';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { registerIpc } from './ipcRegistration';
import { keychainProtector } from './keychain';
import { createMainWindow, lockDownWebContents, preloadPath } from './mainWindow';
import { APP_ORIGIN, shouldGrantPermission } from './securityPolicy';
import { createScreenChooser } from './screens';
import { createTray } from './tray';
import { applyStartAtLogin, startedAtLogin } from './loginItem';
import type { StartAtLogin } from '../../src-shared/settings/contract';
import { electronNotifier } from './desktopNotifier';

// Every renderer runs in Chromium's sandbox, including ones a later feature might forget to
// configure: the session window handles a remote party's data, so no exception is made.
app.enableSandbox();
registerAppScheme();

const log = createLogger({ name: 'tandem-main' });
const renderer = rendererSource({
  packaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  appOrigin: APP_ORIGIN,
});
const trustedOrigins = renderer.trustedOrigins;
if (renderer.ignoredDevServer) log.warn('ELECTRON_RENDERER_URL is ignored: this is an installed build');

if (process.env.TANDEM_DATA_DIR) app.setPath('userData', process.env.TANDEM_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let booted: BootedCore | null = null;
  let quitting = false;

  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow({ url: renderer.url, preload: preloadPath(), trustedOrigins });
      // Sessions live in this window's renderer; if it crashes, they end at once on both sides.
      mainWindow.webContents.on('render-process-gone', () => booted?.core.sessions.windowGone());
      mainWindow.on('close', (event) => {
        // Closing the window keeps Tandem in the tray, so this device stays reachable.
        if (!quitting) {
          event.preventDefault();
          mainWindow?.hide();
        }
      });
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, trustedOrigins));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (!booted) return;
    // Quit only once the core has shut down: what it owes the endpoint (ending the help session)
    // goes out first, and the core bounds that wait, so a dead endpoint cannot hold the quit.
    event.preventDefault();
    const stopping = booted;
    booted = null;
    void stopping.shutdown().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
        callback(shouldGrantPermission(permission, contents.getURL(), trustedOrigins)),
      );
      session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
        shouldGrantPermission(permission, requestingOrigin, trustedOrigins),
      );
      // SI-10: an export the window hands over as a download is saved where the user chooses.
      session.defaultSession.on('will-download', (_event, item) => {
        item.setSaveDialogOptions({ defaultPath: join(app.getPath('documents'), item.getFilename()) });
      });
      serveRenderer(join(__dirname, '..', 'renderer'), () => booted?.cloudUrl ?? null);
      const screens = createScreenChooser();
      screens.install();
      const protector = keychainProtector();
      if (!protector) log.warn('no OS keychain available: device secrets are stored unencrypted in the data folder');

      const dataDir = app.getPath('userData');
      // DP-2: IT's settings from the registry, managed preferences or /etc/tandem/policy.json.
      const managed = await readManagedConfig();
      if (managed.sources.length > 0) log.info({ sources: managed.sources }, 'managed configuration applied');
      const chosen = startupChoices(managed.config, {
        cloudUrl: process.env.TANDEM_CLOUD_URL,
        quickSupportModule: process.env.TANDEM_QUICKSUPPORT_MODULE,
      });
      booted = await bootCore({
        dataDir,
        runtime: 'electron',
        version: APP_VERSION,
        cloudUrl: chosen.cloudUrl,
        log,
        screens,
        quickSupportModuleId: chosen.quickSupportModule,
        managed: managed.config,
        readWorkerFile: join(__dirname, 'summaryReadWorker.js'),
        notifier: electronNotifier(showWindow),
        ...(chosen.cloudUrl
          ? { updater: createUpdater({ cloudUrl: chosen.cloudUrl, managed: managed.config, log }) ?? undefined }
          : {}),
        ...(protector ? { protector } : {}),
        startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: log.child({ component: 'cloud' }) }),
      });
      registerIpc(booted.core, trustedOrigins, log);
      // RS-4, SI-5: the end user's questions come above every other window until answered.
      booted.core.events.subscribe((event) => {
        if (event !== 'session.changed') return;
        const asking = booted?.core.sessions
          .list()
          .some(
            (view) => view.role === 'host' && (view.state === 'prompting' || view.consent?.decision.prompt === true),
          );
        if (asking) showWindow();
        mainWindow?.setAlwaysOnTop(asking === true, 'modal-panel');
      });
      const strings = mainStrings(booted.core.settings.get().language ?? app.getLocale());
      createTray(join(__dirname, '..', '..', 'resources', 'tray.png'), strings, {
        open: showWindow,
        quit: () => app.quit(),
      });
      // RS-1: started with the computer (unattended access, or the user's choice), or not.
      const loginItem = await booted.core.dispatch('settings.startAtLogin', {});
      if (loginItem.ok) applyStartAtLogin(app, process.platform, (loginItem.value as StartAtLogin).on);
      booted.core.events.subscribe((event, payload) => {
        if (event === 'settings.startAtLogin') applyStartAtLogin(app, process.platform, (payload as StartAtLogin).on);
      });
      // Started by the user's sign-in: the tray only, until someone opens the window.
      if (!startedAtLogin(app, process.platform, process.argv)) showWindow();
    })
    .catch((error: unknown) => {
      log.fatal({ err: error }, 'start-up failed');
      dialog.showErrorBox(mainStrings(app.getLocale()).startupFailedTitle, (error as Error).message);
      app.exit(1);
    });

  // Tandem lives in the tray: closing every window does not quit it.
  app.on('window-all-closed', () => undefined);
}
