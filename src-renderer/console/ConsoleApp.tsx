import '../shell/controls.css';
import '../shell/shell.css';
import './console.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageSchema } from '../../src-shared/domain/settings';
import { AdminScreen, isAdministrator } from '../admin/AdminScreen';
import { changeLanguage, SUPPORTED_LANGUAGES } from '../i18n';
import { InsightsScreen } from '../insights/InsightsScreen';
import { LiveViewScreen } from '../liveview/LiveViewScreen';
import { ComputersScreen } from '../computers/ComputersScreen';
import { VideoScreen } from '../video/VideoScreen';
import { VideoNotices } from '../video/VideoNotices';
import { AllowNotifications } from './AllowNotifications';
import { consoleSession } from './webTransport';
import { useVideoStore } from '../video/videoStore';
import { VIDEO_AREA_PERMISSIONS } from '../video/videoStore';
import { AccountSection } from '../settings/AccountSection';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

export const CONSOLE_LANGUAGE_KEY = 'tandem.console.language';

type ConsoleView = 'admin' | 'liveView' | 'computers' | 'video' | 'insights';
const CONSOLE_VIEW_TITLES = {
  admin: 'admin.title',
  liveView: 'liveView.title',
  computers: 'computers.title',
  video: 'video.title',
  insights: 'insights.title',
} as const;

/** A notification outside the tab, where the person allowed them (asked once, from the Video area). */
function browserNotification(title: string, body: string, open: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(title, { body });
  notification.onclick = () => {
    window.focus();
    open();
  };
}

/**
 * AC-1, AC-4 in any browser: the endpoint's own page. Company sign-in (with TOTP), the
 * Administration (administrators), Live View (*liveview.view*, live over its own socket), Computers
 * (*computers.view*, the list only) and
 * Insights, read-only (roles with *insights.view*), built from
 * the desktop app's components and typed client; only the transport differs (`webTransport.ts`).
 */
export function ConsoleApp(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const phase = useAppStore((state) => state.phase);
  const account = useAppStore((state) => state.account);
  const client = useAppStore((state) => state.client);
  const setAccount = useAppStore((state) => state.setAccount);
  const languageId = useId();
  const mainRef = useRef<HTMLElement>(null);
  const signOut = useAction(async () => setAccount(await client!.invoke('account.signOut', {})));
  const signedIn = account?.signedIn === true;
  const permissions = account?.signedIn ? account.permissions : [];
  const mayVideo = VIDEO_AREA_PERMISSIONS.some((permission) => permissions.includes(permission));
  const views: ConsoleView[] = [
    ...(isAdministrator(permissions) ? (['admin'] as const) : []),
    ...(permissions.includes('liveview.view') ? (['liveView'] as const) : []),
    ...(permissions.includes('computers.view') ? (['computers'] as const) : []),
    ...(mayVideo ? (['video'] as const) : []),
    ...(permissions.includes('insights.view') ? (['insights'] as const) : []),
  ];
  const [picked, setPicked] = useState<ConsoleView | null>(null);
  const view = picked !== null && views.includes(picked) ? picked : (views[0] ?? null);

  // VS-5: the console joins a call's socket from its own origin, with the tab's session.
  useEffect(() => {
    useVideoStore.getState().allowCalls(() => {
      const token = consoleSession.token();
      return token ? { endpoint: location.origin, token } : null;
    });
  }, []);
  // Signing in or out, or another view, moves focus to the new page's heading, so screen readers announce it.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [signedIn, view]);

  if (phase === 'starting') {
    return (
      <div className="status-page" role="status" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <p>{t('console.checking')}</p>
      </div>
    );
  }
  if (phase === 'failed') {
    return (
      <div className="status-page" role="alert">
        <h1>{t('console.title')}</h1>
        <p>{t('console.unreachable')}</p>
        <button type="button" onClick={() => location.reload()}>
          {t('status.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className="console">
      <header className="console-header">
        <span className="brand-name">{t('app.name')}</span>
        {account?.signedIn && (
          <span className="console-user" data-testid="console-user">
            {t('console.signedInAs', { name: account.name, company: account.companyName })}
          </span>
        )}
        <label htmlFor={languageId} className="console-language">
          {t('console.language')}
        </label>
        <select
          id={languageId}
          value={i18n.language}
          onChange={(event) => {
            const language = languageSchema.parse(event.target.value);
            localStorage.setItem(CONSOLE_LANGUAGE_KEY, language);
            void changeLanguage(language);
          }}
        >
          {SUPPORTED_LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`language.${language}`)}
            </option>
          ))}
        </select>
        {account?.signedIn && (
          <button
            type="button"
            className="secondary"
            disabled={signOut.busy}
            onClick={() => {
              setPicked(null);
              void signOut.run();
            }}
          >
            {t('console.signOut')}
          </button>
        )}
      </header>
      {signedIn && views.length > 0 && (
        <nav className="console-nav" aria-label={t('console.nav')}>
          <ul>
            {views.map((each) => (
              <li key={each}>
                <button type="button" aria-current={each === view ? 'page' : undefined} onClick={() => setPicked(each)}>
                  {t(CONSOLE_VIEW_TITLES[each])}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {/* VS-2: requests pushed by the console's video feed, with a browser notification where allowed. */}
      {signedIn && mayVideo && (
        <VideoNotices
          key={account?.signedIn ? account.userId : ''}
          onOpen={() => setPicked('video')}
          notify={browserNotification}
        />
      )}
      <main ref={mainRef} className="content console-content">
        {!account?.signedIn ? (
          <section aria-labelledby="console-title" className="console-sign-in">
            <h1 id="console-title" tabIndex={-1}>
              {t('console.title')}
            </h1>
            <p className="lead">{t('console.lead')}</p>
            <AccountSection />
            <p className="hint">{t('console.desktopOnly')}</p>
          </section>
        ) : view === 'admin' ? (
          <AdminScreen />
        ) : view === 'liveView' ? (
          // Live over the console's own socket; connecting needs the desktop app (no Connect here).
          <LiveViewScreen />
        ) : view === 'computers' ? (
          // The list only: connecting needs the desktop app.
          <ComputersScreen />
        ) : view === 'video' ? (
          <VideoScreen>
            <AllowNotifications />
          </VideoScreen>
        ) : view === 'insights' ? (
          <InsightsScreen />
        ) : (
          <section aria-labelledby="console-title">
            <h1 id="console-title" tabIndex={-1}>
              {t('console.title')}
            </h1>
            <p className="empty-state">{t('console.noAdministration')}</p>
          </section>
        )}
      </main>
    </div>
  );
}
