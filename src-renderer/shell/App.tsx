import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectScreen } from '../session/ConnectScreen';
import { HostScreen } from '../host/HostScreen';
import { InsightsScreen } from '../insights/InsightsScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { SCREENS, useAppStore, type Screen } from '../store/appStore';

const SCREEN_COMPONENTS: Record<Screen, () => React.JSX.Element> = {
  host: HostScreen,
  connect: ConnectScreen,
  insights: InsightsScreen,
  settings: SettingsScreen,
};

export function App(): React.JSX.Element {
  const { t } = useTranslation();
  const phase = useAppStore((state) => state.phase);
  const screen = useAppStore((state) => state.screen);
  const show = useAppStore((state) => state.show);
  const mainRef = useRef<HTMLElement>(null);

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

  const Current = SCREEN_COMPONENTS[screen];
  return (
    <div className="layout">
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <ul>
          {SCREENS.map((name) => (
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
      <main ref={mainRef} className="content">
        <Current />
      </main>
    </div>
  );
}
