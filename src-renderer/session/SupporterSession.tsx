import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import type { InputEvent } from '../../src-shared/session/inputEvents';
import { useAction } from '../shell/useAction';
import { comboInput, KEY_COMBOS, type KeyCombo } from './inputCapture';
import { LoggingStatus } from './LoggingStatus';
import { partnerLabel } from './partnerLabel';
import { RemoteScreen } from './RemoteScreen';
import { ScreenMenu } from './ScreenMenu';
import { SessionPanel } from './SessionPanel';
import { sessionActions, useSessionStore } from './sessionStore';

/**
 * The supporter's session window: the partner's screen filling the space it has, a toolbar above
 * it (fit or 1:1, keys the own keyboard cannot send, the end user's monitors, chat and files, full
 * screen, control, end), and chat and files in a side panel that folds away.
 */
export function SupporterSession({ view }: { view: SessionView }): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { text: useId(), side: useId(), keys: useId() };
  const sectionRef = useRef<HTMLElement>(null);
  const [fit, setFit] = useState(true);
  const [sideOpen, setSideOpen] = useState(true);
  const [keysOpen, setKeysOpen] = useState(false);
  const [fullScreen, setFullScreen] = useState(false);
  const [text, setText] = useState('');
  const stream = useSessionStore((state) => state.streams[view.requestId]);
  const stats = useSessionStore((state) => state.stats[view.requestId]);
  const recovering = useSessionStore((state) => state.recovering[view.requestId]);
  const toggleControl = useAction(
    async () =>
      void (await sessionActions.setAccess(view.requestId, view.supporterChoice === 'full' ? 'view' : 'full')),
  );
  const end = useAction(async () => void (await sessionActions.end(view.requestId)));
  const send = useCallback(
    (event: InputEvent) => void sessionActions.sendInput(view.requestId, event),
    [view.requestId],
  );
  const control = view.access === 'full' && view.state === 'active';
  const sendCombo = (combo: KeyCombo) => {
    for (const event of comboInput(combo)) send(event);
    setKeysOpen(false);
  };

  // Full screen follows the browser: Escape (or the system) may leave it without this button.
  useEffect(() => {
    const changed = () => setFullScreen(document.fullscreenElement === sectionRef.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  const toggleFullScreen = () =>
    void (document.fullscreenElement ? document.exitFullscreen() : sectionRef.current?.requestFullscreen());
  const name = partnerLabel(view.partner);

  return (
    <section ref={sectionRef} className="session" aria-labelledby="session-title">
      <header className="session-toolbar">
        <h1 id="session-title" tabIndex={-1}>
          {t('session.title', { name })}
        </h1>
        {view.partner.verified && <span className="badge ok">{t('session.verified')}</span>}
        <span className="stats" role="status" data-testid="session-stats">
          {stats && stats.roundTripMs !== null
            ? t('session.stats', {
                rtt: stats.roundTripMs,
                fps: Math.round(stats.fps ?? 0),
                kbps: stats.bitrateKbps ?? 0,
              })
            : t('session.statsUnknown')}
          {stats?.route && ` · ${stats.route === 'relay' ? t('session.routeRelay') : t('session.routeDirect')}`}
        </span>
        <button type="button" className="secondary" aria-pressed={!fit} onClick={() => setFit(!fit)}>
          {fit ? t('session.actualSize') : t('session.fit')}
        </button>
        <div className="key-menu">
          <button
            type="button"
            className="secondary"
            aria-expanded={keysOpen}
            aria-controls={ids.keys}
            disabled={!control}
            onClick={() => setKeysOpen(!keysOpen)}
          >
            {t('session.sendKeys')}
          </button>
          {keysOpen && control && (
            <div
              id={ids.keys}
              role="group"
              aria-label={t('session.sendKeysLabel')}
              className="key-menu-items"
              onKeyDown={(event) => {
                if (event.key === 'Escape') setKeysOpen(false);
              }}
            >
              {(Object.keys(KEY_COMBOS) as KeyCombo[]).map((combo) => (
                <button key={combo} type="button" className="secondary" onClick={() => sendCombo(combo)}>
                  {t(`session.keys.${combo}`)}
                </button>
              ))}
            </div>
          )}
        </div>
        <ScreenMenu view={view} disabled={!control} />
        <button
          type="button"
          className="secondary"
          aria-expanded={sideOpen}
          aria-controls={ids.side}
          onClick={() => setSideOpen(!sideOpen)}
        >
          {t('session.sidePanel')}
        </button>
        <button type="button" className="secondary" aria-pressed={fullScreen} onClick={toggleFullScreen}>
          {t('session.fullScreen')}
        </button>
        <button
          type="button"
          className="secondary"
          aria-pressed={view.supporterChoice === 'view'}
          disabled={view.hostGrant !== 'full' || toggleControl.busy}
          onClick={() => void toggleControl.run()}
        >
          {view.supporterChoice === 'full' ? t('session.viewOnly') : t('session.takeControl')}
        </button>
        <button type="button" className="danger" disabled={end.busy} onClick={() => void end.run()}>
          {t('session.end')}
        </button>
      </header>
      <LoggingStatus view={view} />
      {recovering && (
        <p className="note" role="status">
          {t('session.recovering')}
        </p>
      )}
      {view.hostGrant !== 'full' && (
        <p className="note" role="status">
          {t('session.controlRevoked')}
        </p>
      )}
      <div className={sideOpen ? 'session-body' : 'session-body folded'}>
        <RemoteScreen stream={stream} name={name} fit={fit} control={control} send={send} />
        <div className="session-side" id={ids.side} hidden={!sideOpen}>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (text) send({ type: 'text', text });
              setText('');
            }}
          >
            <label htmlFor={ids.text}>{t('session.sendText')}</label>
            <input
              id={ids.text}
              value={text}
              maxLength={1000}
              disabled={!control}
              onChange={(event) => setText(event.target.value)}
            />
            <button type="submit" className="secondary" disabled={!control || !text}>
              {t('session.sendTextButton')}
            </button>
          </form>
          <SessionPanel view={view} />
        </div>
      </div>
    </section>
  );
}
