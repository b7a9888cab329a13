// The shared controls' and the frame's styles before the feature screens (whose sheets refine them).
import './controls.css';
import './shell.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HostScreen } from '../host/HostScreen';
import { HostSessionBanner } from '../host/HostSessionBanner';
import { ConsentPrompt } from '../host/ConsentPrompt';
import { IncomingPrompt } from '../host/IncomingPrompt';
import { ConnectScreen } from '../session/ConnectScreen';
import { SessionEnded } from '../session/SessionEnded';
import { SessionPanel } from '../session/SessionPanel';
import { SupporterSession } from '../session/SupporterSession';
import { sessionActions, useSessionStore } from '../session/sessionStore';
import type { HelpSession } from '../../src-shared/liveview/contract';
import { InsightsScreen } from '../insights/InsightsScreen';
import { LiveViewScreen } from '../liveview/LiveViewScreen';
import { ComputersScreen } from '../computers/ComputersScreen';
import { VideoScreen } from '../video/VideoScreen';
import { VideoNotices } from '../video/VideoNotices';
import { useVideoStore, VIDEO_AREA_PERMISSIONS } from '../video/videoStore';
import { relayedCallSocket } from '../video/relayedCallSocket';
import { SettingsScreen } from '../settings/SettingsScreen';
import { AdminScreen, isAdministrator } from '../admin/AdminScreen';
import { isAdminHash } from '../admin/adminSections';
import { SCREENS, useAppStore, type Screen } from '../store/appStore';
import { UpdateBanner } from './UpdateBanner';

const SCREEN_COMPONENTS: Record<Screen, () => React.JSX.Element> = {
  host: HostScreen,
  connect: ConnectScreen,
  liveView: () => <LiveViewScreen onConnect={connectToHelpSession} />,
  computers: () => (
    <ComputersScreen
      onConnect={(computer) =>
        useAppStore.getState().connectTo({
          deviceId: computer.deviceId,
          name: computer.name,
          unattended: computer.unattended,
        })
      }
    />
  ),
  video: () => <VideoScreen />,
  insights: InsightsScreen,
  settings: SettingsScreen,
  admin: AdminScreen,
};

/**
 * LV-3: a supporter asks to connect to someone in the Live View; the Connect screen then follows the
 * request (waiting for the end user, declined, unanswered, or the session).
 */
async function connectToHelpSession(helpSession: HelpSession, reason: string | undefined): Promise<void> {
  await sessionActions.connectHelp({ helpSessionId: helpSession.id, ...(reason ? { reason } : {}) });
  useAppStore.getState().show('connect');
}

export function App(): React.JSX.Element {
  const { t } = useTranslation();
  const phase = useAppStore((state) => state.phase);
  const screen = useAppStore((state) => state.screen);
  const module = useAppStore((state) => state.module);
  const account = useAppStore((state) => state.account);
  const permissions = account?.signedIn ? account.permissions : [];
  const mayVideo = VIDEO_AREA_PERMISSIONS.some((permission) => permissions.includes(permission));
  // Live View (LV-1) and Computers after Connect, for supporters who may see them; the Administration last.
  const screens: readonly Screen[] = [
    ...SCREENS.flatMap((name) =>
      name === 'connect'
        ? [
            name,
            ...(permissions.includes('liveview.view') ? (['liveView'] as const) : []),
            ...(permissions.includes('computers.view') ? (['computers'] as const) : []),
            ...(mayVideo ? (['video'] as const) : []),
          ]
        : [name],
    ),
    ...(isAdministrator(permissions) ? (['admin'] as const) : []),
  ];
  const show = useAppStore((state) => state.show);
  const mainRef = useRef<HTMLElement>(null);
  const views = useSessionStore((state) => state.views);
  const captureError = useSessionStore((state) => state.captureError);
  const open = Object.values(views).filter((view) => view.state !== 'ended');
  // The end user's last session, once over: who ended it, and its chat and files until closed.
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const endedHosting = Object.values(views)
    .filter((view) => view.role === 'host' && view.state === 'ended' && view.startedAt && !closed.has(view.requestId))
    .at(-1);
  const afterHosting = endedHosting && (
    <SessionEnded view={endedHosting} onClose={() => setClosed(new Set([...closed, endedHosting.requestId]))} />
  );
  const prompt = open.find((view) => view.role === 'host' && view.state === 'prompting');
  const consentPrompt = open.find((view) => view.role === 'host' && view.consent?.decision.prompt);
  const hosting = open.find((view) => view.role === 'host' && (view.state === 'connecting' || view.state === 'active'));
  const supporting = open.find(
    (view) => view.role === 'supporter' && (view.state === 'connecting' || view.state === 'active'),
  );

  // A deep link into the Administration (`#admin/devices`) opens it, on reload and back/forward too.
  const mayAdminister = screens.includes('admin');
  useEffect(() => {
    if (!mayAdminister) return;
    const follow = () => {
      if (isAdminHash(location.hash)) show('admin');
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [mayAdminister, show]);
  // Leaving the Administration leaves no deep link behind for the next reload.
  const previousScreen = useRef(screen);
  useEffect(() => {
    if (previousScreen.current === 'admin' && screen !== 'admin' && isAdminHash(location.hash))
      history.replaceState(null, '', location.pathname + location.search);
    previousScreen.current = screen;
  }, [screen]);

  // VS-5: the window's calls go through the core, which holds the session (the token stays there).
  const client = useAppStore((state) => state.client);
  useEffect(() => {
    if (!client) return;
    const openSocket = relayedCallSocket(client);
    useVideoStore.getState().allowCalls(() => ({ endpoint: 'ws://core', token: 'core', openSocket }));
  }, [client]);

  // Moving to another screen puts keyboard focus on its heading, so screen readers announce it.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [screen]);

  if (phase === 'starting') {
    return (
      <div className="status-page" role="status" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <p>{t('status.connecting')}</p>
      </div>
    );
  }
  if (phase === 'failed' || phase === 'lost') {
    return (
      <div className="status-page" role="alert">
        <h1>{phase === 'failed' ? t('status.failedTitle') : t('status.lostTitle')}</h1>
        <p>{t('status.failedBody')}</p>
        {!window.tandem && <p className="hint">{t('status.browserHint')}</p>}
        <button type="button" onClick={() => location.reload()}>
          {t('status.retry')}
        </button>
      </div>
    );
  }

  // Signed out, or the permission gone: Live View or Computers leaves the navigation, and the screen with it.
  const gone = (screen === 'liveView' || screen === 'computers' || screen === 'video') && !screens.includes(screen);
  const Current = SCREEN_COMPONENTS[gone ? 'host' : screen];
  const overlays = (
    <>
      {hosting && <HostSessionBanner view={hosting} />}
      {prompt && <IncomingPrompt view={prompt} />}
      {!prompt && consentPrompt && <ConsentPrompt key={consentPrompt.requestId} view={consentPrompt} />}
      <UpdateBanner />
      {/* VS-2: requests pushed by the core's video feed, over whatever screen is shown. */}
      {mayVideo && !module && (
        <VideoNotices key={account?.signedIn ? account.userId : ''} onOpen={() => show('video')} />
      )}
      {captureError && (
        <p className="error banner-error" role="alert">
          {t('prompt.captureFailed', { reason: captureError })}
        </p>
      )}
    </>
  );
  // AC-3: a QuickSupport module is the host side only, in the company's colours and words.
  if (module) {
    return (
      <>
        {overlays}
        <div className="layout module-layout">
          <header className="module-brand">
            {module.logo && <img src={module.logo} alt={module.name} className="module-logo" />}
            <span className="brand-name">{module.name}</span>
            {module.welcomeText && <p className="lead">{module.welcomeText}</p>}
          </header>
          <main ref={mainRef} className="content">
            <HostScreen />
          </main>
          {hosting ? <SessionPanel view={hosting} /> : afterHosting}
        </div>
      </>
    );
  }
  return (
    <>
      {overlays}
      <div className={supporting ? 'layout session-layout' : 'layout'}>
        {!supporting && (
          <nav className="sidebar" aria-label={t('nav.label')}>
            <div className="brand">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </div>
            <ul>
              {screens.map((name) => (
                <li key={name}>
                  <button
                    type="button"
                    className="nav-item"
                    aria-current={name === screen ? 'page' : undefined}
                    onClick={() => show(name)}
                  >
                    {t(`nav.${name}`)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main
          ref={mainRef}
          className={
            supporting
              ? 'content wide'
              : screen === 'insights' || screen === 'liveView' || screen === 'computers' || screen === 'video'
                ? 'content insights-content'
                : 'content'
          }
        >
          {supporting ? <SupporterSession view={supporting} /> : <Current />}
        </main>
        {hosting ? <SessionPanel view={hosting} /> : afterHosting}
      </div>
    </>
  );
}
