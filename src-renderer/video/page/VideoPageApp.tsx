import { useEffect, useId } from 'react';
import { CallScreen } from './CallScreen';
import { HomeScreen } from './HomeScreen';
import { JoinScreen } from './JoinScreen';
import { load, usePageStore } from './pageStore';
import { chooseLanguage, useLanguage, useTexts, type PageLanguage } from './texts';
import { NewTicketScreen, TicketScreen } from './TicketScreen';

/** Each language by its own name, as people look for it. */
const LANGUAGES: readonly (readonly [PageLanguage, string])[] = [
  ['en', 'English'],
  ['de', 'Deutsch'],
];

/** The code user's page (`/v/`): the code, then the device's overview, a ticket, or the call. */
export function VideoPageApp() {
  const t = useTexts();
  const language = useLanguage((state) => state.language);
  const { phase, view } = usePageStore();
  const languageId = useId();
  useEffect(() => {
    // A token from earlier in this tab: read the device's lists with it.
    if (usePageStore.getState().phase === 'loading') void load();
  }, []);
  useEffect(() => {
    document.title = t.title;
  }, [t]);
  return (
    <div className="vp">
      <header className="vp-header">
        <span className="vp-brand">{t.title}</span>
        <label htmlFor={languageId} className="vp-visually-hidden">
          {t.language}
        </label>
        <select
          id={languageId}
          value={language}
          onChange={(event) => chooseLanguage(event.target.value as PageLanguage)}
        >
          {LANGUAGES.map(([value, name]) => (
            <option key={value} value={value} lang={value}>
              {name}
            </option>
          ))}
        </select>
      </header>
      {phase === 'join' && <JoinScreen />}
      {phase === 'loading' && (
        <main className="vp-card">
          <p role="status">{t.loading}</p>
        </main>
      )}
      {phase === 'ready' && view.kind === 'home' && <HomeScreen />}
      {phase === 'ready' && view.kind === 'ticket' && <TicketScreen id={view.id} />}
      {phase === 'ready' && view.kind === 'new-ticket' && <NewTicketScreen />}
      {phase === 'ready' && view.kind === 'call' && <CallScreen key={view.sessionId} sessionId={view.sessionId} />}
    </div>
  );
}
